import type { ReceivedMessage } from '../messages/received-message';

interface Waiter {
  /** The most messages this receiver takes at once. */
  max: number;
  attempt: () => ReceivedMessage[];
  finish: (messages: ReceivedMessage[]) => void;
}

/**
 * Receivers parked by a long poll. Nothing polls: a waiter is retried only when something may have made a message
 * visible (a send, a visibility change, a delete unblocking a FIFO group) or at the next known visibility instant.
 */
export class LongPollWaiters {
  private readonly waiting = new Map<number, Set<Waiter>>();
  private readonly wakeTimers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly nextVisibleAt: (queueId: number, now: number) => number | undefined) {}

  /** Parks a receiver until `attempt` yields messages or `waitMs` passes; `cancel` drops it (client went away). */
  wait(
    queueId: number,
    waitMs: number,
    max: number,
    attempt: () => ReceivedMessage[],
  ): { done: Promise<ReceivedMessage[]>; cancel: () => void } {
    let waiter!: Waiter;
    const done = new Promise<ReceivedMessage[]>((resolve) => {
      const deadline = setTimeout(() => waiter.finish([]), waitMs);
      waiter = {
        max,
        attempt,
        finish: (messages) => {
          clearTimeout(deadline);
          this.remove(queueId, waiter);
          resolve(messages);
        },
      };
    });
    let set = this.waiting.get(queueId);
    if (!set) this.waiting.set(queueId, (set = new Set()));
    set.add(waiter);
    this.scheduleWake(queueId);
    return { done, cancel: () => waiter.finish([]) };
  }

  hasWaiters(queueId: number): boolean {
    return this.waiting.has(queueId);
  }

  /** Something changed in this queue: serve waiters in arrival order until one finds nothing. */
  notify(queueId: number): void {
    const set = this.waiting.get(queueId);
    if (!set) return;
    for (const waiter of set) {
      let messages: ReceivedMessage[];
      try {
        messages = waiter.attempt();
      } catch {
        // A failed receive must not fail the send that woke it: this receiver just gets an empty answer.
        waiter.finish([]);
        continue;
      }
      if (messages.length === 0) break;
      waiter.finish(messages);
      // Fewer than asked for means nothing else is visible right now: spare the next receiver a query.
      if (messages.length < waiter.max) break;
    }
    this.scheduleWake(queueId);
  }

  /** Ends every wait on a queue (deleted or purged) or, without an id, all of them (shutdown). */
  release(queueId?: number): void {
    const ids = queueId === undefined ? [...this.waiting.keys()] : [queueId];
    for (const id of ids) for (const waiter of [...(this.waiting.get(id) ?? [])]) waiter.finish([]);
  }

  private scheduleWake(queueId: number): void {
    clearTimeout(this.wakeTimers.get(queueId));
    this.wakeTimers.delete(queueId);
    if (!this.waiting.has(queueId)) return;
    const now = Date.now();
    const at = this.nextVisibleAt(queueId, now);
    if (at === undefined) return;
    const delay = Math.min(Math.max(at - now, 0) + 1, 20_000);
    this.wakeTimers.set(
      queueId,
      setTimeout(() => this.notify(queueId), delay),
    );
  }

  private remove(queueId: number, waiter: Waiter): void {
    const set = this.waiting.get(queueId);
    if (!set?.delete(waiter) || set.size > 0) return;
    this.waiting.delete(queueId);
    clearTimeout(this.wakeTimers.get(queueId));
    this.wakeTimers.delete(queueId);
  }
}
