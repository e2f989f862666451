import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ImageDecodeError, ModelIntegrityError, ObjectDetector, UnknownModelError } from '@app/detection';
import { DetectedImage, normalizeBox } from '../../domain/job';
import {
  DetectImageOptions,
  ImageDetector,
  ModelUnavailableError,
  UnreadableImageError,
} from '../../ports/image-detector.port';

/** The jobs domain's ImageDetector port, served by the ONNX detector and its pool of inference threads. */
@Injectable()
export class OnnxImageDetector implements ImageDetector, OnModuleDestroy {
  constructor(private readonly detector: ObjectDetector) {}

  async detect(image: Buffer, { signal, onTimings, options }: DetectImageOptions = {}): Promise<DetectedImage> {
    try {
      const { width, height, detections, timings, model } = await this.detector.detect(image, { signal, ...options });
      onTimings?.(timings);
      return {
        width,
        height,
        // The version that ran, as the registry resolved it: the job's pinned name@version.
        model,
        decodeMs: Math.round(timings.decodeSeconds * 1000),
        inferenceMs: Math.round(timings.inferenceSeconds * 1000),
        // Four decimals are more than any client needs and keep stored results small.
        detections: detections.map((d) => ({
          label: d.label,
          classId: d.classId,
          confidence: Math.round(d.confidence * 1e4) / 1e4,
          bbox: d.bbox,
          bboxNormalized: normalizeBox(d.bbox, width, height),
        })),
      };
    } catch (error) {
      if (error instanceof ImageDecodeError) throw new UnreadableImageError(error.message);
      if (error instanceof UnknownModelError || error instanceof ModelIntegrityError)
        throw new ModelUnavailableError(error.message);
      throw error;
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.detector.close();
  }
}
