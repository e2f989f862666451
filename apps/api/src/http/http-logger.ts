import { Params } from 'nestjs-pino';
import pino from 'pino';
import { Options } from 'pino-http';
import { AppConfig } from '@app/config';
import { logDestination } from '@app/core';

/**
 * How JSON lines reach stdout. sync: one write(2) per line, done before the next statement (Lambda, whose process
 * may be frozen as soon as the answer is out). buffered: the lines logged while a write is in flight go out
 * together in the next one (no delay at a low rate, one write for many lines under load); pino writes what is
 * left on exit.
 */
export type LogWrites = 'sync' | 'buffered';

/**
 * JSON lines, or readable lines on a terminal (logDestination); upload signatures and credentials never reach them.
 */
export function httpLoggerOptions(config: AppConfig, writes: LogWrites = 'sync'): Params {
  const options: Options = {
    level: config.logLevel,
    // Every line logged while serving a request carries its id (also inside `req` on the request's own lines).
    customProps: (req) => ({ requestId: req.id }),
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'],
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        url: req.url.replace(/signature=[^&]*/, 'signature=REDACTED'),
      }),
    },
    customLogLevel: (req, res, err) =>
      err || res.statusCode >= 500
        ? 'error'
        : res.statusCode >= 400
          ? 'warn'
          : // Passing health checks (load balancers, npm start's probes) would bury everything else.
            req.url === '/health'
            ? 'silent'
            : 'info',
  };
  const destination =
    logDestination() ?? (writes === 'buffered' ? pino.destination({ dest: 1, sync: false }) : undefined);
  return { pinoHttp: destination ? [options, destination] : options };
}
