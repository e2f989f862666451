import type { SqsContext } from './operations/sqs-context';

/** Deletes messages past their queue's retention period and expired FIFO deduplication ids, in small steps. */
export function startRetentionSweeper(ctx: SqsContext, everyMs = 5_000): () => void {
  const sweep = () => {
    const now = Date.now();
    for (const queue of ctx.queues.all()) ctx.messages.expire(queue.id, now - queue.retentionSeconds * 1000);
    ctx.messages.expireDedup(now);
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
