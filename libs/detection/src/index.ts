export { COCO_LABELS, labelForClassIndex } from './coco-labels';
export type { Detection, DetectorOptions, ImageDetections } from './detection.types';
export { ImageDecodeError } from './image-decode.error';
export { ModelIntegrityError, sha256OfFile, verifyModelSha256 } from './model-checksum';
export { MODEL_SPEC, SHIPPED_MODEL_SHA256 } from './model-spec';
export { ObjectDetector } from './object-detector';
export { PoolClosedError, WorkerCrashedError, WorkerTaskError } from './worker-pool.errors';
