import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LongPollWaiters } from './long-poll/long-poll-waiters';
import { silentLogger, type SqsServerLogger } from './logger';
import { MessageStore } from './messages/message-store';
import type { SqsContext } from './operations/sqs-context';
import { createHttpHandler, type HttpGuards } from './protocol/http-handler';
import { QueueRegistry } from './queues/queue-registry';
import { startRetentionSweeper } from './retention-sweeper';
import { AllowedHosts } from './security/allowed-hosts';
import { RequestAuthenticator } from './security/sigv4';
import { GroupCommit } from './store/group-commit';
import { openDatabase, type SyncMode } from './store/open-database';

export interface SqsServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The SQLite file lives at `<dataDir>/queue.sqlite`. */
  dataDir: string;
  accountId?: string;
  region?: string;
  /**
   * Public base URL for queue URLs (e.g. behind a proxy), also a Host the server answers to; by default
   * `http://<listen address>:<port>`. The request's Host header is never used for URLs.
   */
  baseUrl?: string;
  /**
   * With both set, every request must carry a valid SigV4 signature made with this key pair (as the AWS SDKs and
   * CLI send); without them signatures are not checked.
   */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `normal` (default) survives a killed process; `full` also fsyncs each commit against power loss. */
  sync?: SyncMode;
  logger?: SqsServerLogger;
}

export interface SqsServer {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

export async function startSqsServer(options: SqsServerOptions): Promise<SqsServer> {
  const host = options.host ?? '127.0.0.1';
  const accountId = options.accountId ?? '000000000000';
  const region = options.region ?? 'us-east-1';
  const logger = options.logger ?? silentLogger;
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey))
    throw new Error('sqs-server: set both accessKeyId and secretAccessKey, or neither');
  const db = openDatabase(options.dataDir, options.sync, { accountId, region });
  const messages = new MessageStore(db);
  const atomically = db.transaction((work: () => unknown) => work());
  const ctx: SqsContext = {
    atomically: <T>(work: () => T) => atomically(work) as T,
    commits: new GroupCommit(db),
    messages,
    queues: new QueueRegistry(db),
    waiters: new LongPollWaiters((queueId, now) => messages.nextVisibleAt(queueId, now)),
    accountId,
    region,
    baseUrl: '', // known once listening
    closing: false,
    logger,
  };
  const stopSweeper = startRetentionSweeper(ctx);
  // The allowed hosts depend on the port, known once listening; no request arrives before that.
  const guards: { current?: HttpGuards } = {};
  const server = createServer(
    { keepAliveTimeout: 65_000 },
    createHttpHandler(ctx, () => guards.current as HttpGuards),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve((server.address() as AddressInfo).port));
  }).catch((error) => {
    stopSweeper();
    db.close();
    throw error;
  });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  const endpoint = `http://${urlHost}:${port}`;
  ctx.baseUrl = options.baseUrl?.replace(/\/+$/, '') ?? endpoint;
  const key = options.accessKeyId
    ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey as string }
    : undefined;
  guards.current = {
    hosts: new AllowedHosts(host, port, options.baseUrl),
    authenticator: new RequestAuthenticator({ accountId, region }, key),
  };
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      ctx.closing = true;
      ctx.waiters.release();
      ctx.commits.flush();
      stopSweeper();
      server.close(() => {
        ctx.commits.flush();
        db.close();
        resolve();
      });
      server.closeIdleConnections();
      // Answers to released long polls are written on the next tick; then nothing is left to wait for.
      setTimeout(() => server.closeAllConnections(), 50).unref();
    }));
  return { endpoint, port, close };
}
