import { parseRedrivePolicy } from './redrive-policy';

const JSON_ATTRIBUTES = ['RedriveAllowPolicy', 'Policy'];

/**
 * Stores JSON-valued attributes in one canonical form (as SQS does: maxReceiveCount becomes a number), so that
 * `{"maxReceiveCount":"5"}` and `{ "maxReceiveCount": 5 }` count as equal when CreateQueue is repeated.
 * Call after validation.
 */
export function normalizeQueueAttributes(attributes: Record<string, string>): Record<string, string> {
  const out = { ...attributes };
  if (out.RedrivePolicy) {
    const policy = parseRedrivePolicy(out.RedrivePolicy);
    if (policy)
      out.RedrivePolicy = JSON.stringify({
        deadLetterTargetArn: policy.deadLetterTargetArn,
        maxReceiveCount: policy.maxReceiveCount,
      });
  }
  for (const key of JSON_ATTRIBUTES) if (out[key]) out[key] = JSON.stringify(JSON.parse(out[key]));
  return out;
}

/** The stored attributes after a change: an empty RedrivePolicy, RedriveAllowPolicy or Policy removes it. */
export function mergeQueueAttributes(
  current: Record<string, string>,
  changes: Record<string, string>,
): Record<string, string> {
  const merged = { ...current, ...normalizeQueueAttributes(changes) };
  for (const key of ['RedrivePolicy', ...JSON_ATTRIBUTES]) if (merged[key] === '') delete merged[key];
  return merged;
}
