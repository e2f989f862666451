import { join } from 'node:path';
import { DecodeBudget } from './decode-budget';
import type { DetectOptions, DetectorOptions, ImageDetections } from './detection.types';
import { resolveDetectorOptions } from './detector-options';
import { InferencePool } from './inference-pool';
import { readImageHeader } from './image-header';
import { verifyModelSha256 } from './model-checksum';
import { MODEL_SPEC } from './model-spec';
import { postprocess } from './postprocess';
import { prepareImage } from './preprocess';

type InferenceResult = Record<string, Float32Array>;

interface DetectionSettings {
  minConfidence: number;
  iouThreshold: number;
  maxInputPixels: number;
}

/**
 * SSDLite MobileNetV2 COCO detector. Decoding and resizing run on sharp's own threads, inference in a
 * pool of worker threads (one ONNX session each, loaded once), so the caller's event loop stays free.
 * Every decode first reads the image header and holds its cost against one decode budget per detector.
 */
export class ObjectDetector {
  readonly poolSize: number;

  private constructor(
    private readonly pool: InferencePool<InferenceResult>,
    private readonly settings: DetectionSettings,
    private readonly decodeBudget: DecodeBudget,
  ) {
    this.poolSize = pool.size;
  }

  static async create(options: DetectorOptions): Promise<ObjectDetector> {
    const resolved = resolveDetectorOptions(options);
    if (resolved.expectedSha256) await verifyModelSha256(resolved.modelPath, resolved.expectedSha256);
    const pool = await InferencePool.start<InferenceResult>({
      scriptPath: resolved.inferenceScript ?? join(__dirname, 'inference-worker.js'),
      size: resolved.poolSize,
      workerData: {
        modelPath: resolved.modelPath,
        intraOpThreads: resolved.intraOpThreads,
        inputName: MODEL_SPEC.inputName,
        inputShape: [1, MODEL_SPEC.inputSize, MODEL_SPEC.inputSize, 3],
      },
    });
    const { minConfidence, iouThreshold, maxInputPixels } = resolved;
    return new ObjectDetector(
      pool,
      { minConfidence, iouThreshold, maxInputPixels },
      new DecodeBudget(resolved.decodeBudgetBytes),
    );
  }

  /**
   * Throws ImageDecodeError when the bytes are not an image of an accepted format, exceed maxInputPixels or the
   * decode budget, or do not decode. Once `signal` aborts, rejects with its reason: an image waiting for the decode
   * budget or for a thread is dropped, and a running inference's thread is terminated and replaced.
   */
  async detect(image: Buffer, { signal }: DetectOptions = {}): Promise<ImageDetections> {
    signal?.throwIfAborted();
    const started = performance.now();
    const header = await readImageHeader(image, this.settings.maxInputPixels);
    const { tensor, width, height } = await this.decodeBudget.run(
      header,
      () => prepareImage(image, MODEL_SPEC.inputSize, this.settings.maxInputPixels),
      signal,
    );
    signal?.throwIfAborted();
    const decoded = performance.now();
    const outputs = await this.pool.run({ input: tensor }, { transferList: [tensor.buffer as ArrayBuffer], signal });
    const detections = postprocess(
      {
        scores: outputs[MODEL_SPEC.scoresName],
        boxes: outputs[MODEL_SPEC.boxesName],
        classCount: MODEL_SPEC.classCount,
      },
      { ...this.settings, width, height },
    );
    const timings = {
      decodeSeconds: (decoded - started) / 1000,
      inferenceSeconds: (performance.now() - decoded) / 1000,
    };
    return { width, height, detections, timings };
  }

  /** Waits for running inferences, rejects queued ones, and stops the threads. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
