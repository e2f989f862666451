import { invalidParameterValue, messageNotInflight, receiptHandleIsInvalid } from '../errors/errors';
import type { SqsContext } from '../operations/sqs-context';
import type { Queue } from '../queues/queue';
import { decodeReceiptHandle, type ReceiptHandle } from './receipt-handle';

function handleFor(queue: Queue, text: string): ReceiptHandle {
  const handle = decodeReceiptHandle(text);
  if (handle.queueId !== queue.id) throw receiptHandleIsInvalid(text);
  return handle;
}

/**
 * Deletes the message if this is its latest receipt; an outdated or repeated delete succeeds and does nothing,
 * as SQS documents. Runs inside a (group) transaction; the caller notifies waiters after the commit.
 */
export function deleteByReceipt(ctx: SqsContext, queue: Queue, text: string): void {
  const handle = handleFor(queue, text);
  ctx.messages.delete(handle.rowId, queue.id, handle.token);
}

export function changeVisibilityByReceipt(ctx: SqsContext, queue: Queue, text: string, seconds: number): void {
  const handle = handleFor(queue, text);
  const row = ctx.messages.find(handle.rowId, queue.id);
  if (!row || row.receipt !== handle.token) {
    throw invalidParameterValue(
      `Value ${text} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
    );
  }
  const now = Date.now();
  if (row.visible_at <= now) throw messageNotInflight();
  ctx.messages.setVisibleAt(handle.rowId, now + seconds * 1000);
}
