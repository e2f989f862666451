import { Params } from 'nestjs-pino';
import { AppConfig } from '@app/config';

/** Structured JSON logs; upload signatures and credentials never reach them. */
export function httpLoggerOptions(config: AppConfig): Params {
  return {
    pinoHttp: {
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
      customLogLevel: (_req, res, err) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    },
  };
}
