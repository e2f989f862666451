export { COCO_LABELS, labelForClassIndex } from './coco-labels';
export type { DetectOptions, Detection, DetectionTimings, DetectorOptions, ImageDetections } from './detection.types';
export { DEFAULT_DECODE_BUDGET_BYTES, DEFAULT_MODEL_MEMORY_BYTES } from './detector-options';
export { DECODABLE_FORMATS } from './image-header';
export { ImageDecodeError } from './image-decode.error';
export { ModelIntegrityError, sha256OfFile, verifyModelSha256 } from './model-checksum';
export { ObjectDetector } from './object-detector';
export { PoolClosedError, WorkerCrashedError, WorkerTaskError } from './inference-pool.errors';
export { type AnnotatedImage, type BoxToDraw, colourOfClass, drawDetections } from './annotate';
export * from './registry';
export {
  DEFAULT_TILING,
  mergeTiledCandidates,
  planTiles,
  tileBoxToImage,
  touchesInnerEdge,
  type MergeOptions,
  type Tile,
  type TilePlan,
  type TilingSettings,
} from './tiling';
