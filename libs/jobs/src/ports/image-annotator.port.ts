import { Detection } from '../domain/job';

export const IMAGE_ANNOTATOR = Symbol('ImageAnnotator');

/**
 * Draws a result's boxes and labels on its image: a JPEG of the EXIF-oriented image. Bound where sharp may load
 * (the API server, tests); the Lambda bundle carries no native module, so there it is not bound (null).
 */
export interface ImageAnnotator {
  annotate(image: Buffer, detections: Detection[]): Promise<Buffer>;
}
