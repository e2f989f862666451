import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from '../../domain/job';
import { isTerminal, JobStatus } from '../../domain/job-status';
import { PROCESS_JOB_OPTIONS, ProcessJobOptions } from '../../jobs.options';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';

export type DeadLetterOutcome = 'marked-failed' | 'already-done' | 'unknown-job';

export interface DeadLetterResult {
  outcome: DeadLetterOutcome;
  /** The ended job as just written (FAILED) or read (found ended), for its webhook; absent when not held. */
  endedJob?: Job;
}

/**
 * A message reaches the dead-letter queue when MAX_RECEIVE_COUNT deliveries did not finish its job: typically the
 * worker was killed (OOM, SIGKILL) mid-job every time, so no attempt could record a failure itself. The job must
 * not read PROCESSING (or PENDING) forever: mark it FAILED with the reason. The job record keeps everything the
 * message carried, so nothing is lost when the message is then deleted.
 */
@Injectable()
export class FailDeadLetteredJobUseCase {
  private readonly logger = new Logger(FailDeadLetteredJobUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(PROCESS_JOB_OPTIONS) private readonly options: Pick<ProcessJobOptions, 'maxReceiveCount'>,
  ) {}

  async execute(jobId: string): Promise<DeadLetterResult> {
    const job = await this.store.get(jobId);
    if (!job) return { outcome: 'unknown-job' };
    if (isTerminal(job.status)) return { outcome: 'already-done', endedJob: job };
    const reason = `gave up after ${this.options.maxReceiveCount} deliveries: the job never finished (worker crashed, was killed or timed out)`;
    const failed = await this.store.transition(jobId, { to: JobStatus.FAILED, at: new Date(), error: reason });
    if (!failed) return { outcome: 'already-done' };
    this.logger.error({ jobId, attempts: failed.attempts }, 'job dead-lettered and marked FAILED');
    return { outcome: 'marked-failed', endedJob: failed };
  }
}
