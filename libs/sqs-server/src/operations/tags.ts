import { invalidParameterValue, missingParameter } from '../errors/errors';
import { optionalStringList, optionalStringMap, type Input } from '../input/read-input';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export function tagQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  if (input.Tags === undefined) throw missingParameter('Tags');
  const tags = { ...queue.tags, ...optionalStringMap(input, 'Tags') };
  if (Object.keys(tags).length > 50) throw invalidParameterValue('Too many tags added for queue. Maximum is 50.');
  ctx.queues.setTags(queue, tags);
  return {};
}

export function untagQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  if (input.TagKeys === undefined) throw missingParameter('TagKeys');
  const tags = { ...queue.tags };
  for (const key of optionalStringList(input, 'TagKeys')) delete tags[key];
  ctx.queues.setTags(queue, tags);
  return {};
}

export function listQueueTags(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  return Object.keys(queue.tags).length > 0 ? { Tags: queue.tags } : {};
}
