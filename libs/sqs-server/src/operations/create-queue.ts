import { invalidParameterValue, queueNameExists } from '../errors/errors';
import { optionalStringMap, requiredString, type Input } from '../input/read-input';
import { checkQueueAttributes } from '../queues/check-queue-attributes';
import { normalizeQueueAttributes } from '../queues/normalize-queue-attributes';
import { DEFAULT_ATTRIBUTES } from '../queues/queue-attribute-rules';
import { renderQueueAttributes } from '../queues/render-queue-attributes';
import { queueUrl } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

export function checkQueueName(name: string): void {
  const base = name.endsWith('.fifo') ? name.slice(0, -5) : name;
  if (!QUEUE_NAME.test(base) || name.length > 80) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

export function createQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const name = requiredString(input, 'QueueName');
  checkQueueName(name);
  const requested = optionalStringMap(input, 'Attributes');
  checkQueueAttributes(name, requested, ctx.queues);
  const attributes = normalizeQueueAttributes(requested);
  const existing = ctx.queues.get(name);
  if (existing) {
    // Idempotent only when every attribute given equals the queue's current value.
    const current = renderQueueAttributes(existing, ['All'], ctx.messages);
    const differing = Object.keys(attributes).filter((key) => (current[key] ?? '') !== attributes[key]);
    if (differing.length > 0) throw queueNameExists(differing.join(', '));
    return { QueueUrl: queueUrl(ctx, request, name) };
  }
  const stored = { ...DEFAULT_ATTRIBUTES, ...(name.endsWith('.fifo') ? { FifoQueue: 'true' } : {}), ...attributes };
  ctx.queues.create(name, stored, optionalStringMap(input, 'tags'), Date.now());
  return { QueueUrl: queueUrl(ctx, request, name) };
}
