import { OnApplicationShutdown } from '@nestjs/common';
import { Job, JobOwner } from '../domain/job';
import { JobMetrics } from '../ports/job-metrics.port';
import { JobPage, JobStore, JobTransition } from '../ports/job-store.port';

/**
 * A JobStore that reports every status it writes (create = PENDING, each transition that took effect), whatever use
 * case wrote it: "jobs by status" counts transitions where they happen, once, without a store query per scrape.
 */
export class ObservedJobStore implements JobStore, OnApplicationShutdown {
  constructor(
    private readonly inner: JobStore & Partial<OnApplicationShutdown>,
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

  listByUser(owner: JobOwner, page: { limit: number; cursor?: string }): Promise<JobPage> {
    return this.inner.listByUser(owner, page);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  // The wrapped store closes itself at shutdown; Nest only sees this wrapper.
  onApplicationShutdown(signal?: string): unknown {
    return this.inner.onApplicationShutdown?.(signal);
  }
}
