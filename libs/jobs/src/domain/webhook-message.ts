/**
 * One delivery attempt of a job's webhook, as a message of the webhooks queue. The job document itself is read
 * from the store when the attempt is made, so it is current; the message carries where the retries stand.
 */
export interface WebhookMessage {
  jobId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /** When the first attempt was scheduled (ISO-8601 UTC): retries stop WEBHOOK_RETRY_SECONDS after it. */
  firstAttemptAt: string;
  requestId?: string;
}

export function encodeWebhookMessage(message: WebhookMessage): string {
  const { jobId, attempt, firstAttemptAt, requestId } = message;
  return JSON.stringify({ kind: 'webhook', jobId, attempt, firstAttemptAt, ...(requestId && { requestId }) });
}

/** Null for a body that is not a webhook message: it is logged and dropped, never retried forever. */
export function decodeWebhookMessage(body: string | undefined): WebhookMessage | null {
  try {
    const parsed = JSON.parse(body ?? '');
    const { jobId, attempt, firstAttemptAt, requestId } = parsed ?? {};
    if (parsed?.kind !== 'webhook' || typeof jobId !== 'string' || !jobId) return null;
    if (!Number.isInteger(attempt) || attempt < 1 || Number.isNaN(Date.parse(firstAttemptAt))) return null;
    return { jobId, attempt, firstAttemptAt, ...(typeof requestId === 'string' && requestId && { requestId }) };
  } catch {
    return null;
  }
}
