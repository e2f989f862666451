import { requiredString, type Input } from '../input/read-input';
import { deleteByReceipt } from '../messages/settle-message';
import { readBatchEntries, toFailure, type BatchFailure } from './batch';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export function deleteMessage(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  deleteByReceipt(ctx, queue, requiredString(input, 'ReceiptHandle'));
  return {};
}

export function deleteMessageBatch(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const entries = readBatchEntries(input);
  const Successful: { Id: string }[] = [];
  const Failed: BatchFailure[] = [];
  // One transaction: one WAL commit for the whole batch.
  ctx.db.transaction(() => {
    for (const entry of entries) {
      try {
        deleteByReceipt(ctx, queue, requiredString(entry, 'ReceiptHandle'));
        Successful.push({ Id: entry.Id as string });
      } catch (error) {
        Failed.push(toFailure(entry.Id as string, error));
      }
    }
  })();
  return { Successful, Failed };
}
