import { DEFAULT_TENANT_ID, Job, processedImagesOf } from '../../domain/job';
import { JobStatus } from '../../domain/job-status';
import { tenantUserKey } from './jobs-table';

/**
 * A job as stored in DynamoDB: the job's own fields, plus the index partition of its tenant and user, where its
 * results went when they were too large for an item, and the TTL attribute. Anonymous jobs have neither userId nor
 * tenantUser, which keeps them out of the sparse user index.
 */
export interface JobItem extends Omit<Job, 'tenantId' | 'processedImages'> {
  /** Absent on items written before tenants existed: they belong to the default tenant. */
  tenantId?: string;
  tenantUser?: string;
  /** Object key of the results when they were offloaded. */
  resultsKey?: string;
  expiresAt?: number;
  /** Keys of the sparse pending index: present only while the job is PENDING. */
  pending?: 'PENDING';
  pendingSince?: string;
}

export function toItem(job: Job, expiresAt?: number): JobItem {
  const { jobId, tenantId, status, imageUrls, imageCount, metadata, createdAt, updatedAt, attempts, results, error } =
    job;
  const { startedAt, completedAt, options } = job;
  const userId = job.userId || undefined;
  return {
    jobId,
    tenantId,
    status,
    imageUrls,
    imageCount,
    userId,
    tenantUser: userId && tenantUserKey(tenantId, userId),
    metadata,
    options,
    createdAt,
    updatedAt,
    attempts,
    startedAt,
    completedAt,
    results,
    error,
    expiresAt,
    ...(status === JobStatus.PENDING && { pending: JobStatus.PENDING, pendingSince: updatedAt }),
  };
}

/** The job without storage details; `results` must already be resolved when the item had a resultsKey. */
export function fromItem(item: JobItem, results = item.results): Job {
  const { jobId, tenantId, status, imageUrls, userId, metadata, createdAt, updatedAt, attempts, error } = item;
  const { startedAt, completedAt, options } = item;
  return {
    jobId,
    tenantId: tenantId ?? DEFAULT_TENANT_ID,
    status,
    imageUrls,
    imageCount: imageUrls.length,
    ...(userId !== undefined && { userId }),
    ...(metadata !== undefined && { metadata }),
    ...(options !== undefined && { options }),
    createdAt,
    updatedAt,
    attempts: Number(attempts),
    processedImages: processedImagesOf(results),
    ...(startedAt !== undefined && { startedAt }),
    ...(completedAt !== undefined && { completedAt }),
    ...(results !== undefined && { results }),
    ...(error !== undefined && { error }),
  };
}
