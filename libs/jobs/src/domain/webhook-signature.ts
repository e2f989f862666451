import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A tenant's webhook signing secret: HMAC-SHA256 of the tenant id under the service's master secret, as 64 hex
 * digits. Derived, not stored: nothing to provision per tenant, and changing the master secret rotates them all.
 */
export function tenantWebhookSecret(masterSecret: string, tenantId: string): string {
  return createHmac('sha256', masterSecret).update(`webhook-signing:${tenantId}`).digest('hex');
}

/**
 * The signature of one delivery: `sha256=` + hex HMAC-SHA256, keyed with the tenant's secret (its text, as UTF-8),
 * over `${timestamp}.${body}`. The timestamp (unix seconds, also sent as X-Timestamp) is signed with the body, so a
 * receiver that refuses old timestamps cannot be fed a replay.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What a receiver does: recompute and compare in constant time. */
export function verifyWebhookSignature(secret: string, timestamp: number, body: string, signature: string): boolean {
  const expected = Buffer.from(webhookSignature(secret, timestamp, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The headers of one delivery of `body`, signed at `at`. */
export function signedWebhookHeaders(secret: string, body: string, at: Date): Record<string, string> {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    'content-type': 'application/json',
    'x-timestamp': String(timestamp),
    'x-signature': webhookSignature(secret, timestamp, body),
  };
}
