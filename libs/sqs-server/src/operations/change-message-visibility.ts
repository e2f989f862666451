import { missingParameter } from '../errors/errors';
import { optionalInteger, requiredString, type Input } from '../input/read-input';
import { changeVisibilityByReceipt } from '../messages/settle-message';
import { forEachEntry, readBatchEntries } from './batch';
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
  const outcome = await ctx.commits.run(() =>
    forEachEntry(entries, (entry) => {
      changeVisibilityByReceipt(ctx, queue, requiredString(entry, 'ReceiptHandle'), visibilityOf(entry));
      return {};
    }),
  );
  ctx.waiters.notify(queue.id);
  return outcome;
}
