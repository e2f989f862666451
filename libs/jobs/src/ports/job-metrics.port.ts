import { JobStatus } from '../domain/job-status';

/** Optional: an app that keeps metrics binds it (globally); without it nothing is counted. */
export const JOB_METRICS = Symbol('JobMetrics');

/** Where the time of one image's detection went, in seconds. */
export interface DetectionTimings {
  decodeSeconds: number;
  inferenceSeconds: number;
}

export type ImageOutcomeKind = 'ok' | 'failed';

/** What the jobs domain reports as it works; the adapter turns it into metrics (Prometheus, for instance). */
export interface JobMetrics {
  /** A job was stored in, or moved to, this status (written, not merely attempted). */
  jobTransitioned(status: JobStatus): void;
  /** One image of a job was processed: detections recorded, or an error recorded for that image alone. */
  imageProcessed(outcome: ImageOutcomeKind): void;
  detectionTimed(timings: DetectionTimings): void;
}

/** The default when no app binds JOB_METRICS: counts nothing. */
export const NO_JOB_METRICS: JobMetrics = {
  jobTransitioned: () => undefined,
  imageProcessed: () => undefined,
  detectionTimed: () => undefined,
};
