import { ImageResult, Job } from '../../domain/job';
import { JobStatus } from '../../domain/job-status';

/** A job as stored in DynamoDB. Results are either inline or, when too large for an item, in object storage. */
export interface JobItem {
  jobId: string;
  status: JobStatus;
  imageUrls: string[];
  imageCount: number;
  /** Absent for anonymous jobs, which keeps them out of the (sparse) userId index. */
  userId?: string;
  metadata?: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  attempts: number;
  results?: ImageResult[];
  /** Object key of the results when they were offloaded. */
  resultsKey?: string;
  error?: string;
  expiresAt?: number;
}

export function toItem(job: Job, expiresAt?: number): JobItem {
  const { jobId, status, imageUrls, imageCount, userId, metadata, createdAt, updatedAt, attempts, results, error } = job;
  return { jobId, status, imageUrls, imageCount, userId: userId || undefined, metadata, createdAt, updatedAt, attempts, results, error, expiresAt };
}

/** The job without storage details; `results` must already be resolved when the item had a resultsKey. */
export function fromItem(item: JobItem, results = item.results): Job {
  const { jobId, status, imageUrls, userId, metadata, createdAt, updatedAt, attempts, error } = item;
  return {
    jobId,
    status,
    imageUrls,
    imageCount: imageUrls.length,
    ...(userId !== undefined && { userId }),
    ...(metadata !== undefined && { metadata }),
    createdAt,
    updatedAt,
    attempts: Number(attempts),
    ...(results !== undefined && { results }),
    ...(error !== undefined && { error }),
  };
}
