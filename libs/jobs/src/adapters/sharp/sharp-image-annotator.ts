import { drawDetections } from '@app/detection/annotate';
import { Detection } from '../../domain/job';
import { ImageAnnotator } from '../../ports/image-annotator.port';

/** ImageAnnotator over sharp (an SVG overlay composited onto the image; see libs/detection/src/annotate.ts). */
export class SharpImageAnnotator implements ImageAnnotator {
  /** maxInputPixels: 100 MP by default, the largest image the worker accepts (its boxes exist only for those). */
  constructor(private readonly options: { maxInputPixels: number } = { maxInputPixels: 100_000_000 }) {}

  async annotate(image: Buffer, detections: Detection[]): Promise<Buffer> {
    return (await drawDetections(image, detections, this.options)).jpeg;
  }
}
