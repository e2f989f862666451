import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ImageDecodeError, ObjectDetector } from '@app/detection';
import { Detection } from '../../domain/job';
import { DetectImageOptions, ImageDetector, UnreadableImageError } from '../../ports/image-detector.port';

/** The jobs domain's ImageDetector port, served by the ONNX detector and its pool of inference threads. */
@Injectable()
export class OnnxImageDetector implements ImageDetector, OnModuleDestroy {
  constructor(private readonly detector: ObjectDetector) {}

  async detect(image: Buffer, { signal, onTimings }: DetectImageOptions = {}): Promise<Detection[]> {
    try {
      const { detections, timings } = await this.detector.detect(image, { signal });
      onTimings?.(timings);
      // Four decimals are more than any client needs and keep stored results small.
      return detections.map((d) => ({ ...d, confidence: Math.round(d.confidence * 1e4) / 1e4 }));
    } catch (error) {
      if (error instanceof ImageDecodeError) throw new UnreadableImageError(error.message);
      throw error;
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.detector.close();
  }
}
