import { missingParameter } from '../errors/errors';
import { optionalStringList, optionalStringMap, type Input } from '../input/read-input';
import { checkTags } from './check-tags';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export function tagQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const added = optionalStringMap(input, 'Tags');
  if (Object.keys(added).length === 0) throw missingParameter('Tags');
  checkTags(added);
  const tags = { ...queue.tags, ...added };
  checkTags(tags);
  ctx.queues.setTags(queue, tags);
  return {};
}

export function untagQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const keys = optionalStringList(input, 'TagKeys');
  if (keys.length === 0) throw missingParameter('TagKeys');
  const tags = { ...queue.tags };
  for (const key of keys) delete tags[key];
  ctx.queues.setTags(queue, tags);
  return {};
}

export function listQueueTags(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
}
