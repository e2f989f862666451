import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppError } from '@app/core';
import { Job } from '../../domain/job';
import { isTerminal, JobStatus } from '../../domain/job-status';
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
 */
@Injectable()
export class CancelJobUseCase {
  private readonly logger = new Logger(CancelJobUseCase.name);

  constructor(@Inject(JOB_STORE) private readonly store: JobStore) {}

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
    return cancelled;
  }
}

function finished(job: Job): AppError {
  return new AppError('conflict', `job ${job.jobId} is already ${job.status} and can no longer be cancelled`);
}
