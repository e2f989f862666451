import { Detection } from '../domain/job';

export const IMAGE_DETECTOR = Symbol('ImageDetector');

/** Thrown by a detector for bytes that are not an image it can decode: that image fails, the job goes on. */
export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableImageError';
  }
}

/** Finds objects in one encoded image. The worker binds it to the ONNX detector; the API never loads it. */
export interface ImageDetector {
  detect(image: Buffer): Promise<Detection[]>;
}
