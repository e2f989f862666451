import { purgeQueueInProgress } from '../errors/errors';
import { optionalInteger, optionalString, type Input } from '../input/read-input';
import { queueUrl, resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';
import { paginate } from './paginate';

export function listQueues(ctx: SqsContext, input: Input, request: RequestInfo) {
  const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
  const scope = request.caller;
  const names = ctx.queues
    .all(scope)
    .map((queue) => queue.name)
    .filter((name) => name.startsWith(prefix));
  const page = paginate(names, optionalInteger(input, 'MaxResults', 1, 1000), optionalString(input, 'NextToken'));
  const out: { QueueUrls?: string[]; NextToken?: string } = {};
  if (page.items.length > 0) out.QueueUrls = page.items.map((name) => queueUrl(ctx, { ...scope, name }));
  if (page.nextToken) out.NextToken = page.nextToken;
  return out;
}

export function listDeadLetterSourceQueues(ctx: SqsContext, input: Input, request: RequestInfo) {
  const target = resolveQueue(ctx, input, request);
  const sources = ctx.queues.all(target).filter((queue) => queue.redrive?.deadLetterTargetArn === target.arn);
  const page = paginate(
    sources.map((queue) => queue.name),
    optionalInteger(input, 'MaxResults', 1, 1000),
    optionalString(input, 'NextToken'),
  );
  const out: { queueUrls: string[]; NextToken?: string } = {
    queueUrls: page.items.map((name) => queueUrl(ctx, { accountId: target.accountId, region: target.region, name })),
  };
  if (page.nextToken) out.NextToken = page.nextToken;
  return out;
}

export function deleteQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  ctx.queues.delete(queue);
  ctx.waiters.release(queue.id);
  return {};
}

export function purgeQueue(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const now = Date.now();
  if (now - queue.purgedAt < 60_000) throw purgeQueueInProgress(queue.name);
  ctx.atomically(() => {
    ctx.messages.purge(queue.id);
    ctx.queues.markPurged(queue, now);
  });
  return {};
}
