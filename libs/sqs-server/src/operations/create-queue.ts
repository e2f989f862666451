import { invalidParameterValue, queueNameExists } from '../errors/errors';
import { optionalStringMap, requiredString, type Input } from '../input/read-input';
import { checkQueueAttributes } from '../queues/check-queue-attributes';
import { normalizeQueueAttributes } from '../queues/normalize-queue-attributes';
import { DEFAULT_ATTRIBUTES } from '../queues/queue-attribute-rules';
import { renderQueueAttributes } from '../queues/render-queue-attributes';
import { queueUrl } from './resolve-queue';
import { checkTags } from './check-tags';
import type { RequestInfo, SqsContext } from './sqs-context';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

/** The name rules SQS applies: a FIFO queue (FifoQueue=true) needs `.fifo`, a standard queue must not have a dot. */
export function checkQueueName(name: string, fifo: boolean): void {
  if (fifo && !FIFO_QUEUE_NAME.test(name)) {
    throw invalidParameterValue(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (!fifo && !QUEUE_NAME.test(name)) {
    throw invalidParameterValue('Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length');
  }
}

export function createQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const name = requiredString(input, 'QueueName');
  const requested = optionalStringMap(input, 'Attributes');
  checkQueueName(name, requested.FifoQueue === 'true');
  const tags = optionalStringMap(input, 'tags');
  checkTags(tags);
  const scope = request.caller;
  checkQueueAttributes(scope, name, requested, ctx.queues);
  const attributes = normalizeQueueAttributes(requested);
  const existing = ctx.queues.get(scope, name);
  if (existing) {
    // Idempotent only when every attribute given equals the queue's current value.
    const current = renderQueueAttributes(existing, ['All'], ctx.messages);
    const differing = Object.keys(attributes).filter((key) => (current[key] ?? '') !== attributes[key]);
    if (differing.length > 0) throw queueNameExists(differing.join(', '));
    return { QueueUrl: queueUrl(ctx, existing) };
  }
  const stored = { ...DEFAULT_ATTRIBUTES, ...attributes };
  const queue = ctx.queues.create(scope, name, stored, tags, Date.now());
  return { QueueUrl: queueUrl(ctx, queue) };
}
