import { requiredString, type Input } from '../input/read-input';
import { deleteByReceipt } from '../messages/settle-message';
import type { Queue } from '../queues/queue';
import { readBatchEntries, toFailure, type BatchFailure } from './batch';
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
  const Successful: { Id: string }[] = [];
  const Failed: BatchFailure[] = [];
  await ctx.commits.run(() => {
    for (const entry of entries) {
      try {
        deleteByReceipt(ctx, queue, requiredString(entry, 'ReceiptHandle'));
        Successful.push({ Id: entry.Id as string });
      } catch (error) {
        Failed.push(toFailure(entry.Id as string, error));
      }
    }
  });
  afterDelete(ctx, queue);
  return { Successful, Failed };
}
