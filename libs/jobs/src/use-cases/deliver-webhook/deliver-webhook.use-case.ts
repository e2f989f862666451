import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { toJobDocument } from '../../domain/job-document';
import { isFinalWebhookStatus, WebhookState } from '../../domain/webhook';
import { WebhookMessage } from '../../domain/webhook-message';
import { signedWebhookHeaders, tenantWebhookSecret } from '../../domain/webhook-signature';
import { WEBHOOK_OPTIONS, WebhookOptions } from '../../jobs.options';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';
import { WEBHOOK_QUEUE, WebhookQueue } from '../../ports/webhook-queue.port';
import { WEBHOOK_SENDER, WebhookAttempt, WebhookSender } from '../../ports/webhook-sender.port';
import { hostOf } from '../enqueue-webhook/enqueue-webhook.use-case';

export type DeliveryOutcome = 'delivered' | 'retry-scheduled' | 'failed' | 'duplicate' | 'no-webhook';

/** The random part of the backoff; tests pin it. */
export const WEBHOOK_JITTER = Symbol('WebhookJitter');
export type Jitter = (upToSeconds: number) => number;
const fullJitter: Jitter = (upTo) => (upTo <= 0 ? 0 : randomInt(0, upTo + 1));

/**
 * One attempt of a job's webhook: POST the job document (the GET /jobs/{id} shape), signed with the tenant's secret.
 * On a 2xx the webhook is delivered; otherwise the next attempt is queued after exponential backoff with full jitter
 * (a random delay up to min(max, base * 2^(attempt - 1)) s, 900 s at most), until WEBHOOK_RETRY_SECONDS (24 h)
 * after the first attempt, when it is marked failed.
 *
 * Exactly-once bookkeeping over an at-least-once queue: an attempt is recorded only if the job's webhook has
 * exactly attempt - 1 attempts recorded (a conditional write); the loser of two copies of one attempt stops, so
 * one chain of retries goes on. The next attempt is queued after the record and before the message is
 * acknowledged; a crash in between brings the message back, finds its attempt recorded, and queues the next again.
 */
@Injectable()
export class DeliverWebhookUseCase {
  private readonly logger = new Logger(DeliverWebhookUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(WEBHOOK_QUEUE) private readonly queue: WebhookQueue,
    @Inject(WEBHOOK_SENDER) private readonly sender: WebhookSender,
    @Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions,
    @Optional() @Inject(WEBHOOK_JITTER) private readonly jitter: Jitter = fullJitter,
  ) {}

  async execute(message: WebhookMessage): Promise<DeliveryOutcome> {
    const { jobId, attempt, requestId } = message;
    const job = await this.store.get(jobId);
    if (!job?.callbackUrl || !job.webhook) return 'no-webhook';
    const recorded = job.webhook;
    if (isFinalWebhookStatus(recorded.status) || recorded.attempts > attempt) return 'duplicate';
    if (recorded.attempts === attempt) {
      // This attempt was recorded, but its message came back: the crash came before the next was queued.
      if (recorded.status === 'delivering') await this.scheduleNext(message);
      return 'duplicate';
    }
    if (recorded.attempts !== attempt - 1) return 'duplicate';

    const outcome = await this.attempt(job.tenantId, job.callbackUrl, JSON.stringify(toJobDocument(job)));
    const now = new Date();
    const log = { jobId, requestId, attempt, callbackHost: hostOf(job.callbackUrl) };
    if (outcome.delivered) {
      // The last failure, if any, stays readable: "delivered on attempt 3; the one before got HTTP 503".
      const state: WebhookState = {
        status: 'delivered',
        attempts: attempt,
        ...(recorded.lastError && { lastError: recorded.lastError }),
        deliveredAt: now.toISOString(),
      };
      if (!(await this.store.recordWebhookAttempt(jobId, state, attempt - 1))) return 'duplicate';
      this.logger.log({ ...log, httpStatus: outcome.status }, 'webhook delivered');
      return 'delivered';
    }
    // No attempt is scheduled past the retry window: the one that could run after it is not made.
    const giveUp =
      now.getTime() + this.backoffCeiling(attempt) * 1000 >=
      Date.parse(message.firstAttemptAt) + this.options.retrySeconds * 1000;
    const state: WebhookState = {
      status: giveUp ? 'failed' : 'delivering',
      attempts: attempt,
      lastError: outcome.error,
    };
    if (!(await this.store.recordWebhookAttempt(jobId, state, attempt - 1))) return 'duplicate';
    if (giveUp) {
      this.logger.error({ ...log, lastError: outcome.error }, 'webhook failed: no 2xx answer within the retry window');
      return 'failed';
    }
    const delay = await this.scheduleNext(message);
    this.logger.warn({ ...log, lastError: outcome.error, retryInSeconds: delay }, 'webhook attempt failed; retrying');
    return 'retry-scheduled';
  }

  private async attempt(tenantId: string, url: string, body: string): Promise<WebhookAttempt> {
    if (!this.options.signingSecret) return { delivered: false, error: 'no webhook signing secret is configured' };
    const secret = tenantWebhookSecret(this.options.signingSecret, tenantId);
    return this.sender.send({ url, body, headers: signedWebhookHeaders(secret, body, new Date()) });
  }

  /** Queues attempt + 1 after its backoff; returns the delay. */
  private async scheduleNext(message: WebhookMessage): Promise<number> {
    const delay = this.jitter(this.backoffCeiling(message.attempt));
    await this.queue.enqueue({ ...message, attempt: message.attempt + 1 }, delay);
    return delay;
  }

  /** The longest delay after `attempt`: full jitter picks one from 0 to it. */
  private backoffCeiling(attempt: number): number {
    const { backoffBaseSeconds, backoffMaxSeconds } = this.options;
    return Math.min(backoffMaxSeconds, backoffBaseSeconds * 2 ** Math.min(attempt - 1, 30));
  }
}
