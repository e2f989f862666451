import type { Queue } from '../queues/queue';
import type { SqsContext } from '../operations/sqs-context';
import type { PreparedMessage } from './prepare-message';
import { nextSequenceNumber } from './sequence-number';

export interface SendResult {
  MessageId: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MD5OfMessageSystemAttributes?: string;
  SequenceNumber?: string;
}

const DEDUP_WINDOW_MS = 5 * 60 * 1000;

/**
 * Stores prepared messages (a whole batch in one commit, shared with concurrent writes), answers only once the
 * commit is done, then wakes long polls. A FIFO message whose deduplication key was seen in the last 5 minutes is
 * acknowledged with the first one's id but not stored again.
 */
export async function storeMessages(
  ctx: SqsContext,
  queue: Queue,
  prepared: PreparedMessage[],
  now: number,
): Promise<SendResult[]> {
  const results = await ctx.commits.run(() => prepared.map((message) => storeOne(ctx, queue, message, now)));
  ctx.waiters.notify(queue.id);
  return results;
}

function storeOne(ctx: SqsContext, queue: Queue, { row, dedupKey }: PreparedMessage, now: number): SendResult {
  const result: SendResult = { MessageId: row.message_id, MD5OfMessageBody: row.md5_body };
  if (row.md5_attributes) result.MD5OfMessageAttributes = row.md5_attributes;
  if (row.md5_system_attributes) result.MD5OfMessageSystemAttributes = row.md5_system_attributes;
  if (dedupKey === undefined) {
    ctx.messages.insert(row);
    return result;
  }
  const seen = ctx.messages.findDuplicate(queue.id, dedupKey, now);
  if (seen) return { ...result, MessageId: seen.message_id, SequenceNumber: seen.sequence_number };
  row.sequence_number = nextSequenceNumber(now);
  ctx.messages.insert(row);
  ctx.messages.rememberDedup(queue.id, dedupKey, row.message_id, row.sequence_number, now + DEDUP_WINDOW_MS);
  return { ...result, SequenceNumber: row.sequence_number };
}
