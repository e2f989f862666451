import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@app/core';
import { Job, reopenFailedImages } from '../../domain/job';
import { isTerminal, JobStatus } from '../../domain/job-status';
import { JOB_QUEUE, JobQueue } from '../../ports/job-queue.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';

/** Run a finished job's failed images again, as one tenant asks (another tenant's job does not exist for it). */
export class RetryJobCommand {
  constructor(
    readonly jobId: string,
    readonly tenantId: string,
    /** The API request's id, carried to the worker's log lines like a submission's. */
    readonly requestId?: string,
  ) {}
}

/**
 * Puts a COMPLETED or FAILED job with failed images back to PENDING in place: the failed images become pending
 * again (their errors kept in each one's history), the done ones keep their results, and a worker then runs only
 * the pending ones. Nothing to retry (no failed image, or the job still running or cancelled): 409.
 */
@Injectable()
export class RetryJobUseCase {
  private readonly logger = new Logger(RetryJobUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async execute({ jobId, tenantId, requestId }: RetryJobCommand): Promise<Job> {
    const job = await this.store.get(jobId);
    if (!job || job.tenantId !== tenantId) throw new AppError('not-found', `job ${jobId} does not exist`);
    if (!isTerminal(job.status) || job.status === JobStatus.CANCELLED) {
      throw new AppError('conflict', `job ${jobId} is ${job.status}: only a COMPLETED or FAILED job can be retried`);
    }
    const results = reopenFailedImages(job.results, job.completedAt ?? job.updatedAt);
    if (!results) throw new AppError('conflict', `job ${jobId} has no failed image to retry`);
    const reopened = await this.store.reopen(jobId, { from: job, results, at: new Date() });
    if (!reopened) throw new AppError('conflict', `job ${jobId} changed meanwhile (another retry?); read it again`);
    try {
      await this.queue.enqueue({ jobId, requestId });
    } catch (error) {
      // The job is PENDING with pending_since set: the requeue sweep sends its message once the queue is back.
      this.logger.error({ err: error, jobId, requestId }, 'could not queue the retried job; the requeue sweep will');
      throw new AppError('unavailable', 'The job queue is unavailable; the retry will start once it is back.');
    }
    const retried = results.filter((result) => result.status === 'pending').length;
    this.logger.log({ jobId, requestId, images: retried }, 'failed images queued again');
    return reopened;
  }
}
