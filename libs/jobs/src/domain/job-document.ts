import { DetectionOptions, ImageResult, Job } from './job';
import { JobStatus } from './job-status';
import { WebhookState } from './webhook';

/**
 * A job as its owner sees it: the body of GET /jobs/{id}, and of the webhook POSTed when the job ends. One mapping
 * for both, so a webhook is exactly what a poll would have read.
 */
export interface JobDocument {
  jobId: string;
  status: JobStatus;
  imageCount: number;
  metadata?: Record<string, unknown>;
  /** The model (name@version) and thresholds the job was accepted with. */
  options?: DetectionOptions;
  processedImages: number;
  detections?: ImageResult[];
  error?: string;
  createdAt: string;
  updatedAt: string;
  startedAt?: string;
  completedAt?: string;
  callbackUrl?: string;
  webhook?: WebhookState;
}

export function toJobDocument(job: Job): JobDocument {
  return {
    jobId: job.jobId,
    status: job.status,
    imageCount: job.imageCount,
    processedImages: job.processedImages,
    ...(job.metadata && { metadata: job.metadata }),
    ...(job.options && { options: job.options }),
    ...(job.results && { detections: job.results.map(withStatus) }),
    ...(job.status === JobStatus.FAILED && { error: job.error ?? 'failed' }),
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    ...(job.startedAt && { startedAt: job.startedAt }),
    ...(job.completedAt && { completedAt: job.completedAt }),
    ...(job.callbackUrl && { callbackUrl: job.callbackUrl }),
    ...(job.webhook && { webhook: job.webhook }),
  };
}

/** Results stored before images had a status: an image with an error failed, any other was done. */
function withStatus(result: ImageResult): ImageResult {
  return result.status ? result : { ...result, status: result.error ? 'failed' : 'done' };
}
