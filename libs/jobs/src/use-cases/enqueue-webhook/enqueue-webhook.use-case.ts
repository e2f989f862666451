import { Inject, Injectable, Logger } from '@nestjs/common';
import { Job } from '../../domain/job';
import { isTerminal } from '../../domain/job-status';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';
import { WEBHOOK_QUEUE, WebhookQueue } from '../../ports/webhook-queue.port';

/** Queue the first webhook attempt of a job that has ended, if it has a webhook not yet attempted. */
export class EnqueueWebhookCommand {
  constructor(
    readonly jobId: string,
    readonly requestId?: string,
    /**
     * The job as the caller has just written or read it, ended: spares a read of the store. Without it (the caller
     * lost a conditional write, or holds no job), the job is read.
     */
    readonly endedJob?: Job,
  ) {}
}

/**
 * Run by the worker after it handled a job's message and before acknowledging it (the jobs queue and its
 * dead-letter queue alike), whatever the outcome: COMPLETED, FAILED, or found already ended (CANCELLED by its owner,
 * finished by another worker). A crash between the job's end and this enqueue leaves the job's message
 * unacknowledged: it comes back, finds the job ended, and this runs again. A duplicate first attempt is harmless:
 * attempts are recorded conditionally (see DeliverWebhookUseCase), so one chain of retries survives.
 */
@Injectable()
export class EnqueueWebhookUseCase {
  private readonly logger = new Logger(EnqueueWebhookUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(WEBHOOK_QUEUE) private readonly queue: WebhookQueue,
  ) {}

  /** Returns whether an attempt was queued. */
  async execute({ jobId, requestId, endedJob }: EnqueueWebhookCommand): Promise<boolean> {
    const job = endedJob?.jobId === jobId ? endedJob : await this.store.get(jobId);
    if (!job || !isDue(job)) return false;
    await this.queue.enqueue({ jobId, attempt: 1, firstAttemptAt: new Date().toISOString(), requestId });
    this.logger.log({ jobId, requestId, status: job.status, callbackHost: hostOf(job.callbackUrl!) }, 'webhook queued');
    return true;
  }
}

function isDue(job: Job): boolean {
  return isTerminal(job.status) && !!job.callbackUrl && job.webhook?.status === 'pending' && job.webhook.attempts === 0;
}

/** Logs name the receiver's host, never its path or query (which may carry a token). */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid';
  }
}
