import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Params } from 'nestjs-pino';
import { Store, storage } from 'nestjs-pino/storage';
import pino, { Level, Logger, LoggerOptions } from 'pino';
import { AppConfig } from '@app/config';
import { logDestination } from '@app/core';

/**
 * How JSON lines reach stdout. sync: one write(2) per line, done before the next statement (Lambda, whose process
 * may be frozen as soon as the answer is out). buffered: lines gather in memory and go out in one write once
 * BUFFERED_LOG_BYTES are waiting or BUFFERED_LOG_FLUSH_MS have passed, whichever comes first; what is left is
 * written when the app shuts down (FlushHttpLogOnShutdown) or the process exits, so only a process killed outright
 * (SIGKILL, OOM) loses that last fraction of a second.
 */
export type LogWrites = 'sync' | 'buffered';

/**
 * Each write of the buffered stdout is a round trip through libuv's thread pool: ~30 µs of the API's CPU with its
 * thread wake-ups (a synchronous write of the same line: ~4 µs). Below saturation that came once per access line,
 * so once per request. Gathered, one write carries tens of lines; a line waits at most 100 ms.
 */
const BUFFERED_LOG_BYTES = 8192;
const BUFFERED_LOG_FLUSH_MS = 100;

/** The API's root pino logger, provided by ApiModule: Nest's lines and the access lines go through it. */
export const HTTP_LOGGER = Symbol('HttpLogger');

/**
 * JSON lines, or readable lines on a terminal (logDestination); upload signatures and credentials never reach them.
 */
export function createHttpLogger(config: AppConfig, writes: LogWrites = 'sync'): Logger {
  const options: LoggerOptions = {
    level: config.logLevel,
    // Nothing logs a request's headers; should anything log `req` whole one day, these still never reach a line.
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
  };
  const destination =
    logDestination() ??
    (writes === 'buffered'
      ? pino.destination({
          dest: 1,
          sync: false,
          minLength: BUFFERED_LOG_BYTES,
          periodicFlush: BUFFERED_LOG_FLUSH_MS,
        })
      : undefined);
  return destination ? pino(options, destination) : pino(options);
}

/**
 * Writes out the lines still buffered when the app shuts down (after the HTTP server has closed, so the access lines
 * of the requests it finished are among them). pino's own flush on exit is not enough: on SIGTERM or SIGINT Nest
 * ends the process by raising the signal again, and a process ended by a signal emits no 'exit'.
 */
@Injectable()
export class FlushHttpLogOnShutdown implements OnApplicationShutdown {
  constructor(@Inject(HTTP_LOGGER) private readonly logger: Logger) {}

  onApplicationShutdown(): void {
    const stream = (this.logger as unknown as Record<symbol, { flushSync?: () => void }>)[pino.symbols.streamSym];
    try {
      stream?.flushSync?.();
    } catch {
      // Not open yet, or closed already: nothing of ours is waiting.
    }
  }
}

/**
 * nestjs-pino with the root logger as it is (`useExisting`) and without its middleware: logRequests below gives each
 * request its logger and writes its access line, for a fraction of pino-http's cost (two child loggers per request,
 * the request serialized into them, three listeners on the response).
 */
export function httpLoggerParams(root: Logger): Params {
  return { pinoHttp: { logger: root }, useExisting: true, forRoutes: [] };
}

/** What a line says of the request it belongs to: never its headers, never an upload URL's signature. */
function requestSummary(request: FastifyRequest) {
  return {
    id: request.id,
    method: request.method,
    url: request.url.replace(/signature=[^&]*/, 'signature=REDACTED'),
  };
}

/** The level of a request's access line: errors and refusals stand out; passing health checks are not logged. */
export function accessLevel(url: string, status: number): Level | 'silent' {
  if (status >= 500) return 'error';
  if (status >= 400) return 'warn';
  // Passing health checks (load balancers, npm start's probes) would bury everything else.
  return url === '/health' ? 'silent' : 'info';
}

/**
 * The request's logger for the lines logged while serving it (nestjs-pino reads `logger` from its AsyncLocalStorage
 * store): a child carrying `req` and `requestId`, made on the first line logged, so a request that logs nothing
 * but its access line makes no child logger at all.
 */
class RequestLogStore {
  private child: Logger | undefined;

  constructor(
    private readonly root: Logger,
    private readonly request: FastifyRequest,
  ) {}

  get logger(): Logger {
    return (this.child ??= this.root.child({ req: requestSummary(this.request), requestId: this.request.id }));
  }
}

/**
 * One JSON line per answered request ("request completed", `req`, `requestId`, `res.statusCode`, `responseTime`
 * in ms; "request errored" with `err` for a 5xx), and the request id on every line logged while serving it. As
 * Fastify hooks: the first onRequest hook runs the rest of the request inside the request's logging context, and
 * the access line is written once the answer is out (onResponse), or says "request aborted" when the caller went
 * away first.
 */
export function logRequests(fastify: FastifyInstance, root: Logger): void {
  fastify.addHook('onRequest', (request, _reply, done) =>
    storage.run(new RequestLogStore(root, request) as unknown as Store, done),
  );
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const level = accessLevel(request.url, status);
    if (level !== 'silent' && root.isLevelEnabled(level)) {
      const line = {
        req: requestSummary(request),
        requestId: request.id,
        res: { statusCode: status },
        responseTime: Math.round(reply.elapsedTime),
      };
      if (status >= 500)
        root.error({ ...line, err: new Error(`failed with status code ${status}`) }, 'request errored');
      else root[level](line, 'request completed');
    }
    done();
  });
  // The caller closed the connection before the answer: no status to report, but the request is not lost.
  fastify.addHook('onRequestAbort', (request, done) => {
    root.info({ req: requestSummary(request), requestId: request.id }, 'request aborted');
    done();
  });
}
