import { optionalInteger, requiredString, type Input } from '../input/read-input';
import { missingParameter } from '../errors/errors';
import { changeVisibilityByReceipt } from '../messages/settle-message';
import { readBatchEntries, toFailure, type BatchFailure } from './batch';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

function visibilityOf(input: Input): number {
  const seconds = optionalInteger(input, 'VisibilityTimeout', 0, 43200);
  if (seconds === undefined) throw missingParameter('VisibilityTimeout');
  return seconds;
}

export function changeMessageVisibility(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  changeVisibilityByReceipt(ctx, queue, requiredString(input, 'ReceiptHandle'), visibilityOf(input));
  return {};
}

export function changeMessageVisibilityBatch(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const entries = readBatchEntries(input);
  const Successful: { Id: string }[] = [];
  const Failed: BatchFailure[] = [];
  ctx.db.transaction(() => {
    for (const entry of entries) {
      try {
        changeVisibilityByReceipt(ctx, queue, requiredString(entry, 'ReceiptHandle'), visibilityOf(entry));
        Successful.push({ Id: entry.Id as string });
      } catch (error) {
        Failed.push(toFailure(entry.Id as string, error));
      }
    }
  })();
  return { Successful, Failed };
}
