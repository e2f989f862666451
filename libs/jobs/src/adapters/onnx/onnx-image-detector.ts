import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ImageDecodeError, MODEL_SPEC, ObjectDetector } from '@app/detection';
import { DetectedImage, ModelInfo, normalizeBox } from '../../domain/job';
import { DetectImageOptions, ImageDetector, UnreadableImageError } from '../../ports/image-detector.port';

/** The shipped model, as results name it. */
export const SHIPPED_MODEL: ModelInfo = { name: MODEL_SPEC.name, version: MODEL_SPEC.version };

/** The jobs domain's ImageDetector port, served by the ONNX detector and its pool of inference threads. */
@Injectable()
export class OnnxImageDetector implements ImageDetector, OnModuleDestroy {
  constructor(
    private readonly detector: ObjectDetector,
    private readonly model: ModelInfo = SHIPPED_MODEL,
  ) {}

  async detect(image: Buffer, { signal, onTimings }: DetectImageOptions = {}): Promise<DetectedImage> {
    try {
      const { width, height, detections, timings } = await this.detector.detect(image, { signal });
      onTimings?.(timings);
      return {
        width,
        height,
        model: this.model,
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
      throw error;
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.detector.close();
  }
}
