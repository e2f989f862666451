import { invalidAttributeValue, missingParameter } from '../errors/errors';
import { optionalStringList, optionalStringMap, type Input } from '../input/read-input';
import { checkQueueAttributes } from '../queues/check-queue-attributes';
import { mergeQueueAttributes } from '../queues/normalize-queue-attributes';
import { renderQueueAttributes } from '../queues/render-queue-attributes';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export function getQueueAttributes(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const attributes = renderQueueAttributes(queue, optionalStringList(input, 'AttributeNames'), ctx.messages);
  return Object.keys(attributes).length > 0 ? { Attributes: attributes } : {};
}

export function setQueueAttributes(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  if (input.Attributes === undefined) throw missingParameter('Attributes');
  const changes = optionalStringMap(input, 'Attributes');
  if (changes.FifoQueue !== undefined && changes.FifoQueue !== String(queue.fifo)) {
    throw invalidAttributeValue('Invalid value for the parameter FifoQueue. Reason: it cannot be changed.');
  }
  checkQueueAttributes(queue, queue.name, { ...(queue.fifo ? { FifoQueue: 'true' } : {}), ...changes }, ctx.queues);
  const merged = mergeQueueAttributes(queue.attributes, changes);
  ctx.queues.setAttributes(queue, merged, Date.now());
  // A shorter delay or a new wait time may change when parked receivers should look again.
  ctx.waiters.notify(queue.id);
  return {};
}
