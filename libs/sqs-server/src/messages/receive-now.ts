import type { SqsContext } from '../operations/sqs-context';
import type { Queue } from '../queues/queue';
import type { MessageRow } from './message-row';
import { encodeReceiptHandle, newReceiptToken } from './receipt-handle';
import type { ReceivedMessage } from './received-message';
import { renderReceived, type ReceiveSelection } from './render-received';

export interface ReceiveRequest extends ReceiveSelection {
  max: number;
  visibilityTimeout: number;
}

/**
 * Takes up to `max` visible messages in one transaction and hides them for the visibility timeout. The event loop
 * runs one transaction at a time, so two receivers can never take the same visible message.
 */
export function receiveNow(ctx: SqsContext, queue: Queue, request: ReceiveRequest): ReceivedMessage[] {
  if (ctx.closing || ctx.queues.getById(queue.id) !== queue) return [];
  const now = Date.now();
  const touched = new Set<number>();
  const { out, maybeMore } = ctx.atomically(() => take(ctx, queue, request, now, touched));
  for (const id of touched) ctx.waiters.notify(id);
  // The bounded scan stopped early: let parked receivers look again once this answer is out.
  if (maybeMore) setImmediate(() => ctx.waiters.notify(queue.id));
  return out;
}

function take(ctx: SqsContext, queue: Queue, request: ReceiveRequest, now: number, touched: Set<number>) {
  const out: ReceivedMessage[] = [];
  let maybeMore = false;
  const expiredBefore = now - queue.retentionSeconds * 1000;
  const deadLetter = queue.redrive ? ctx.queues.getByArn(queue.redrive.deadLetterTargetArn) : undefined;
  // Expired or dead-lettered rows free their place, so look again (bounded) to fill the answer.
  for (let round = 0; round < 5 && out.length < request.max; round++) {
    const wanted = request.max - out.length;
    const rows = ctx.messages.visible(queue.id, now, wanted, queue.fifo);
    let skipped = 0;
    for (const row of rows) {
      if (out.length >= request.max) break;
      if (row.sent_at < expiredBefore) {
        ctx.messages.remove(row.id);
        skipped++;
      } else if (deadLetter && queue.redrive && row.receive_count >= queue.redrive.maxReceiveCount) {
        ctx.messages.moveTo(row.id, deadLetter.id, now, queue.arn);
        touched.add(deadLetter.id);
        skipped++;
      } else {
        out.push(deliver(ctx, queue, row, request, now));
      }
    }
    const full = rows.length === wanted;
    maybeMore = full && out.length < request.max;
    if (skipped === 0 || !full) break;
  }
  return { out, maybeMore };
}

function deliver(
  ctx: SqsContext,
  queue: Queue,
  row: MessageRow,
  request: ReceiveRequest,
  now: number,
): ReceivedMessage {
  const token = newReceiptToken();
  ctx.messages.markReceived(row.id, now + request.visibilityTimeout * 1000, token, now);
  row.receive_count += 1;
  row.first_received_at ??= now;
  const handle = encodeReceiptHandle({ queueId: queue.id, rowId: row.id, token });
  return renderReceived(row, handle, request, queue.fifo);
}
