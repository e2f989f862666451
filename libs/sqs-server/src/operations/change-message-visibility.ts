import { missingParameter } from '../errors/errors';
import { optionalInteger, requiredString, type Input } from '../input/read-input';
import { changeVisibilityByReceipt } from '../messages/settle-message';
import { readBatchEntries, toFailure, type BatchFailure } from './batch';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

function visibilityOf(input: Input): number {
  const seconds = optionalInteger(input, 'VisibilityTimeout', 0, 43200);
  if (seconds === undefined) throw missingParameter('VisibilityTimeout');
  return seconds;
}

export async function changeMessageVisibility(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const handle = requiredString(input, 'ReceiptHandle');
  const seconds = visibilityOf(input);
  await ctx.commits.run(() => changeVisibilityByReceipt(ctx, queue, handle, seconds));
  // A shorter timeout (0 makes it visible now) may serve a parked receiver sooner.
  ctx.waiters.notify(queue.id);
  return {};
}

export async function changeMessageVisibilityBatch(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const entries = readBatchEntries(input);
  const Successful: { Id: string }[] = [];
  const Failed: BatchFailure[] = [];
  await ctx.commits.run(() => {
    for (const entry of entries) {
      try {
        changeVisibilityByReceipt(ctx, queue, requiredString(entry, 'ReceiptHandle'), visibilityOf(entry));
        Successful.push({ Id: entry.Id as string });
      } catch (error) {
        Failed.push(toFailure(entry.Id as string, error));
      }
    }
  });
  ctx.waiters.notify(queue.id);
  return { Successful, Failed };
}
