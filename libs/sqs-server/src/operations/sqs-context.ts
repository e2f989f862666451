import type { SqsServerLogger } from '../logger';
import type { LongPollWaiters } from '../long-poll/long-poll-waiters';
import type { MessageStore } from '../messages/message-store';
import type { QueueRegistry } from '../queues/queue-registry';
import type { QueueScope } from '../queues/queue-scope';
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
  /** The account of callers whose access key id is not a 12-digit account id (QUEUE_ACCOUNT_ID). */
  accountId: string;
  /** The server's own region: of requests without a credential scope, and of queue URLs without a region. */
  region: string;
  /** Base of every queue URL: QUEUE_BASE_URL, or the address the server listens on. */
  baseUrl: string;
  /** Set while the server shuts down, so parked receives end at once. */
  closing: boolean;
  logger: SqsServerLogger;
}

/** Who asked and where: the caller's account and region, and the path the request was posted to. */
export interface RequestInfo {
  /** From the SigV4 credential scope (access key id and region), else the server's account and region. */
  caller: QueueScope;
  path: string;
  /** Registers what to do if the client goes away before the answer (ends a long poll). */
  onAbort(cancel: () => void): void;
}

export type Operation = (ctx: SqsContext, input: Record<string, unknown>, request: RequestInfo) => unknown;
