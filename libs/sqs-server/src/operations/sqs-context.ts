import type { SqsServerLogger } from '../logger';
import type { LongPollWaiters } from '../long-poll/long-poll-waiters';
import type { MessageStore } from '../messages/message-store';
import type { QueueRegistry } from '../queues/queue-registry';
import type { GroupCommit } from '../store/group-commit';

/** Everything an operation needs; one per server. */
export interface SqsContext {
  /** Runs a function in one transaction (a wrapper built once: better-sqlite3's are costly to create). */
  atomically<T>(work: () => T): T;
  /** Writes acknowledged after a shared commit with the other writes of the same event-loop turn. */
  commits: GroupCommit;
  queues: QueueRegistry;
  messages: MessageStore;
  waiters: LongPollWaiters;
  accountId: string;
  /** Fixed public base URL for queue URLs; when absent, the request's Host header is used. */
  baseUrl?: string;
  /** Set while the server shuts down, so parked receives end at once. */
  closing: boolean;
  logger: SqsServerLogger;
}

/** Where a request came from: the base URL it reached us at and the path it was posted to. */
export interface RequestInfo {
  baseUrl: string;
  path: string;
  /** Registers what to do if the client goes away before the answer (ends a long poll). */
  onAbort(cancel: () => void): void;
}

export type Operation = (ctx: SqsContext, input: Record<string, unknown>, request: RequestInfo) => unknown;
