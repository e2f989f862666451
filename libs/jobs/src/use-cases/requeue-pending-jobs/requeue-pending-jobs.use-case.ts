import { Inject, Injectable, Logger } from '@nestjs/common';
import { JOB_QUEUE, JobQueue } from '../../ports/job-queue.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';
import { RequeuePendingJobsCommand } from './requeue-pending-jobs.command';

/**
 * A job is stored before its message is sent; a crash between the two (or a message lost since) would leave it
 * PENDING forever. This sweep sends the message again for every job PENDING too long. Safe to run in many workers
 * at once: each job is claimed by a conditional write first, so one sweeper sends; and a duplicate message is
 * harmless anyway, since a worker skips finished jobs and completes a job once.
 */
@Injectable()
export class RequeuePendingJobsUseCase {
  private readonly logger = new Logger(RequeuePendingJobsUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /** Returns the ids of the jobs it queued again. */
  async execute(command: RequeuePendingJobsCommand): Promise<string[]> {
    const before = new Date(command.now.getTime() - command.pendingSeconds * 1000);
    const stale = await this.store.listPendingSince(before, command.limit);
    const requeued: string[] = [];
    for (const job of stale) {
      // Claiming moves pendingSince to now: the job is not sent again before another full wait.
      if (!(await this.store.claimRequeue(job, command.now))) continue;
      try {
        await this.queue.enqueue({ jobId: job.jobId });
        requeued.push(job.jobId);
        this.logger.warn(
          { jobId: job.jobId, pendingSince: job.pendingSince },
          'job was PENDING too long: queued again',
        );
      } catch (error) {
        // The claim stands, so the next try comes after another wait: a queue outage is not hammered.
        this.logger.error({ err: error, jobId: job.jobId }, 'could not queue a PENDING job again; will retry');
      }
    }
    return requeued;
  }
}
