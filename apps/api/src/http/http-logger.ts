import { Params } from 'nestjs-pino';
import { Options } from 'pino-http';
import { AppConfig } from '@app/config';
import { logDestination } from '@app/core';

/**
 * JSON lines, or readable lines on a terminal (logDestination); upload signatures and credentials never reach them.
 */
export function httpLoggerOptions(config: AppConfig): Params {
  const options: Options = {
    level: config.logLevel,
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
  const destination = logDestination();
  return { pinoHttp: destination ? [options, destination] : options };
}
