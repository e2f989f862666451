import { DetectedImage, DetectionOptions } from '../domain/job';
import { DetectionTimings } from './job-metrics.port';

export const IMAGE_DETECTOR = Symbol('ImageDetector');

/** Thrown by a detector for bytes that are not an image it can decode: that image fails, the job goes on. */
export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableImageError';
  }
}

/** The job's model cannot be used (no longer in the registry, or its file failed its checksum): its images fail. */
export class ModelUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

export interface DetectImageOptions {
  /** The job's model and thresholds; undefined: the default model and the configured thresholds. */
  options?: DetectionOptions;
  signal?: AbortSignal;
  /** Called once per successful detection with where its time went (for metrics). */
  onTimings?: (timings: DetectionTimings) => void;
}

/**
 * Finds objects in one encoded image. The worker binds it to the ONNX detector; the API never loads it. Once
 * `signal` aborts, it rejects with the signal's reason and stops its work (decode not started, inference ended).
 */
export interface ImageDetector {
  detect(image: Buffer, options?: DetectImageOptions): Promise<DetectedImage>;
}
