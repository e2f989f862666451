import { OnApplicationShutdown } from '@nestjs/common';
import { IdempotencyClaim } from '../domain/idempotency';
import { ImageResult, Job, JobOwner } from '../domain/job';
import { WebhookState } from '../domain/webhook';
import { JobMetrics } from '../ports/job-metrics.port';
import { JobPage, JobStore, JobTransition, PendingJob } from '../ports/job-store.port';

/**
 * A JobStore that reports every status it writes (create = PENDING, each transition that took effect), whatever use
 * case wrote it: "jobs by status" counts transitions where they happen, once, without a store query per scrape.
 */
export class ObservedJobStore implements JobStore, OnApplicationShutdown {
  constructor(
    /** The adapter itself, for the capabilities only one adapter has (JOB_RETENTION). */
    readonly inner: JobStore & Partial<OnApplicationShutdown>,
    private readonly metrics: JobMetrics,
  ) {}

  async create(job: Job): Promise<void> {
    await this.inner.create(job);
    this.metrics.jobTransitioned(job.status);
  }

  get(jobId: string): Promise<Job | null> {
    return this.inner.get(jobId);
  }

  async transition(jobId: string, transition: JobTransition): Promise<Job | null> {
    const written = await this.inner.transition(jobId, transition);
    if (written) this.metrics.jobTransitioned(transition.to);
    return written;
  }

  // The status stays PROCESSING: nothing to count.
  recordImage(jobId: string, result: ImageResult, at: Date): Promise<Job | null> {
    return this.inner.recordImage(jobId, result, at);
  }

  async reopen(jobId: string, reopening: { from: Job; results: ImageResult[]; at: Date }): Promise<Job | null> {
    const reopened = await this.inner.reopen(jobId, reopening);
    if (reopened) this.metrics.jobTransitioned(reopened.status);
    return reopened;
  }

  // Delivery state only; the status does not change.
  recordWebhookAttempt(jobId: string, state: WebhookState, after: number): Promise<Job | null> {
    return this.inner.recordWebhookAttempt(jobId, state, after);
  }

  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyClaim> {
    return this.inner.claimIdempotencyKey(claim);
  }

  releaseIdempotencyKey(claim: Pick<IdempotencyClaim, 'tenantId' | 'key' | 'jobId'>): Promise<void> {
    return this.inner.releaseIdempotencyKey(claim);
  }

  listByUser(owner: JobOwner, page: { limit: number; cursor?: string }): Promise<JobPage> {
    return this.inner.listByUser(owner, page);
  }

  listPendingSince(before: Date, limit: number): Promise<PendingJob[]> {
    return this.inner.listPendingSince(before, limit);
  }

  // Moves pendingSince only; the status stays PENDING, so there is nothing to count.
  claimRequeue(job: PendingJob, at: Date): Promise<boolean> {
    return this.inner.claimRequeue(job, at);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  // The wrapped store closes itself at shutdown; Nest only sees this wrapper.
  onApplicationShutdown(signal?: string): unknown {
    return this.inner.onApplicationShutdown?.(signal);
  }
}
