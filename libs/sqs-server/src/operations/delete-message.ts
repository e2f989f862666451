import { requiredString, type Input } from '../input/read-input';
import { deleteByReceipt } from '../messages/settle-message';
import type { Queue } from '../queues/queue';
import { forEachEntry, readBatchEntries } from './batch';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

// Deleting the in-flight message of a FIFO group lets the group's next message out.
const afterDelete = (ctx: SqsContext, queue: Queue) => queue.fifo && ctx.waiters.notify(queue.id);

export async function deleteMessage(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const handle = requiredString(input, 'ReceiptHandle');
  await ctx.commits.run(() => deleteByReceipt(ctx, queue, handle));
  afterDelete(ctx, queue);
  return {};
}

export async function deleteMessageBatch(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const entries = readBatchEntries(input);
  const outcome = await ctx.commits.run(() =>
    forEachEntry(entries, (entry) => {
      deleteByReceipt(ctx, queue, requiredString(entry, 'ReceiptHandle'));
      return {};
    }),
  );
  afterDelete(ctx, queue);
  return outcome;
}
