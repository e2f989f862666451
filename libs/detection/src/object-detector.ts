import { join } from 'node:path';
import type { DetectorOptions, ImageDetections } from './detection.types';
import { resolveDetectorOptions } from './detector-options';
import { verifyModelSha256 } from './model-checksum';
import { MODEL_SPEC } from './model-spec';
import { postprocess } from './postprocess';
import { prepareImage } from './preprocess';
import { WorkerPool } from './worker-pool';

type InferenceResult = Record<string, Float32Array>;

interface DetectionSettings {
  minConfidence: number;
  iouThreshold: number;
  maxInputPixels: number;
}

/**
 * SSDLite MobileNetV2 COCO detector. Decoding and resizing run on sharp's own threads, inference in a
 * pool of worker threads (one ONNX session each, loaded once), so the caller's event loop stays free.
 */
export class ObjectDetector {
  readonly poolSize: number;

  private constructor(
    private readonly pool: WorkerPool<InferenceResult>,
    private readonly settings: DetectionSettings,
  ) {
    this.poolSize = pool.size;
  }

  static async create(options: DetectorOptions): Promise<ObjectDetector> {
    const resolved = resolveDetectorOptions(options);
    if (resolved.expectedSha256) await verifyModelSha256(resolved.modelPath, resolved.expectedSha256);
    const pool = await WorkerPool.start<InferenceResult>({
      scriptPath: join(__dirname, 'inference-worker.js'),
      size: resolved.poolSize,
      workerData: {
        modelPath: resolved.modelPath,
        intraOpThreads: resolved.intraOpThreads,
        inputName: MODEL_SPEC.inputName,
        inputShape: [1, MODEL_SPEC.inputSize, MODEL_SPEC.inputSize, 3],
      },
    });
    const { minConfidence, iouThreshold, maxInputPixels } = resolved;
    return new ObjectDetector(pool, { minConfidence, iouThreshold, maxInputPixels });
  }

  /** Throws ImageDecodeError when the bytes are not a decodable image (or exceed maxInputPixels). */
  async detect(image: Buffer): Promise<ImageDetections> {
    const { tensor, width, height } = await prepareImage(image, MODEL_SPEC.inputSize, this.settings.maxInputPixels);
    const outputs = await this.pool.run({ input: tensor }, [tensor.buffer as ArrayBuffer]);
    const detections = postprocess(
      {
        scores: outputs[MODEL_SPEC.scoresName],
        boxes: outputs[MODEL_SPEC.boxesName],
        classCount: MODEL_SPEC.classCount,
      },
      { ...this.settings, width, height },
    );
    return { width, height, detections };
  }

  /** Waits for running inferences, rejects queued ones, and stops the threads. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
