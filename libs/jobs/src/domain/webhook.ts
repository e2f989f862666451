/**
 * Where the delivery of a job's webhook stands. `pending`: the job has not ended, or its first attempt has not been
 * made yet; `delivering`: at least one attempt failed and another is scheduled; `delivered`: a 2xx answer;
 * `failed`: no 2xx answer within the retry window (24 h by default).
 */
export type WebhookStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface WebhookState {
  status: WebhookStatus;
  /** Attempts made so far (POSTs sent, or refused before sending). */
  attempts: number;
  /** Why the last failed attempt failed (kept once delivered), e.g. "HTTP 503", "timeout after 5 s", "refused: address 10.0.0.1 is private". */
  lastError?: string;
  /** When a receiver answered 2xx (ISO-8601 UTC). */
  deliveredAt?: string;
}

/** A webhook not attempted yet: every job with a callbackUrl starts with it. */
export const PENDING_WEBHOOK: WebhookState = { status: 'pending', attempts: 0 };

export const isFinalWebhookStatus = (status: WebhookStatus): boolean => status === 'delivered' || status === 'failed';
