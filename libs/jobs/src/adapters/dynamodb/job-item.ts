import { Job } from '../../domain/job';
import { JobStatus } from '../../domain/job-status';

/**
 * A job as stored in DynamoDB: the job's own fields, plus where its results went when they were too large for an
 * item, and the TTL attribute. userId is absent for anonymous jobs, which keeps them out of the sparse userId index.
 */
export interface JobItem extends Job {
  /** Object key of the results when they were offloaded. */
  resultsKey?: string;
  expiresAt?: number;
  /** Keys of the sparse pending index: present only while the job is PENDING. */
  pending?: 'PENDING';
  pendingSince?: string;
}

export function toItem(job: Job, expiresAt?: number): JobItem {
  const { jobId, status, imageUrls, imageCount, userId, metadata, createdAt, updatedAt, attempts, results, error } =
    job;
  return {
    jobId,
    status,
    imageUrls,
    imageCount,
    userId: userId || undefined,
    metadata,
    createdAt,
    updatedAt,
    attempts,
    results,
    error,
    expiresAt,
    ...(status === JobStatus.PENDING && { pending: JobStatus.PENDING, pendingSince: updatedAt }),
  };
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
