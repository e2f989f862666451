import { createHash } from 'node:crypto';

/** How long a key is remembered: a retry within 24 h of the first submission finds its job. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/**
 * One tenant's use of one Idempotency-Key: which request it was first sent with (a hash) and which job that made.
 * Stored before the job, by a write that only the first of any number of concurrent duplicates wins.
 */
export interface IdempotencyClaim {
  tenantId: string;
  key: string;
  requestHash: string;
  jobId: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  expiresAt: string;
}

/** The same request gives the same hash whatever the order of its objects' keys; any other difference changes it. */
export function requestHashOf(request: unknown): string {
  return createHash('sha256').update(canonicalJson(request)).digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
