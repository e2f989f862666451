import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@app/core';
import { Job } from '../../domain/job';
import { isTerminal, JobStatus } from '../../domain/job-status';
import { JOB_QUEUE, JobQueue } from '../../ports/job-queue.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';

/** Stop one job, as one tenant asks: a job of another tenant is answered exactly like one that does not exist. */
export class CancelJobCommand {
  constructor(
    readonly jobId: string,
    readonly tenantId: string,
  ) {}
}

/**
 * Moves a PENDING or PROCESSING job to CANCELLED by a conditional write. A worker on it notices before its next
 * image (and its next record is refused), so it stops; the images already recorded keep their results. A job that
 * has already ended cannot be cancelled: 409.
 *
 * A PENDING job with a webhook gets its job message sent once more: the worker that takes a message of an ended job
 * queues its webhook, and the job's first message may have been lost (the requeue sweep resends only PENDING jobs, so
 * after the cancel nothing else would). A second message is harmless: a worker skips an ended job, and a duplicate
 * first webhook attempt is dropped by its conditional record.
 */
@Injectable()
export class CancelJobUseCase {
  private readonly logger = new Logger(CancelJobUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  async execute({ jobId, tenantId }: CancelJobCommand): Promise<Job> {
    const job = await this.store.get(jobId);
    if (!job || job.tenantId !== tenantId) throw new AppError('not-found', `job ${jobId} does not exist`);
    if (isTerminal(job.status)) throw finished(job);
    const cancelled = await this.store.transition(jobId, { to: JobStatus.CANCELLED, at: new Date() });
    if (!cancelled) {
      // It ended between the read and the write: say how.
      const now = await this.store.get(jobId);
      throw finished(now ?? job);
    }
    this.logger.log({ jobId, processedImages: cancelled.processedImages }, 'job cancelled');
    if (job.status === JobStatus.PENDING && job.callbackUrl) await this.sendForWebhook(job);
    return cancelled;
  }

  private async sendForWebhook(job: Job): Promise<void> {
    try {
      await this.queue.enqueue({ jobId: job.jobId });
    } catch (error) {
      // The cancel stands; the job's first message, if it was not lost, still brings its webhook.
      this.logger.warn({ err: error, jobId: job.jobId }, 'cancelled job: could not queue its webhook message');
    }
  }
}

function finished(job: Job): AppError {
  return new AppError('conflict', `job ${job.jobId} is already ${job.status} and can no longer be cancelled`);
}
