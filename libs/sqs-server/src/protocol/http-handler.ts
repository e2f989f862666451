import type { IncomingMessage, ServerResponse } from 'node:http';
import { malformedRequest } from '../errors/errors';
import { SqsError } from '../errors/sqs-error';
import type { RequestInfo, SqsContext } from '../operations/sqs-context';
import { handleJson, sendJsonError } from './json-protocol';
import { handleQuery } from './query-protocol';
import { BodyTooLarge, readBody } from './read-body';
import { nextRequestId } from './request-id';

// A 10-entry batch may carry 1 MiB of payload; JSON escaping can double it.
const BODY_LIMIT = 3 * 1024 * 1024;

/** Routes a request to the JSON protocol (x-amz-target), the Query protocol (Action=...) or a health answer. */
export function createHttpHandler(ctx: SqsContext, fallbackBaseUrl: () => string) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = nextRequestId();
    const target = req.headers['x-amz-target'];
    const [path, query = ''] = (req.url ?? '/').split('?', 2);
    if (req.method === 'GET' && (path === '/health' || path === '/ping')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const aborts: (() => void)[] = [];
    res.on('close', () => {
      if (!res.writableFinished) for (const cancel of aborts) cancel();
    });
    const request: RequestInfo = {
      baseUrl: req.headers.host ? `http://${req.headers.host}` : fallbackBaseUrl(),
      path,
      onAbort: (cancel) => aborts.push(cancel),
    };
    readBody(req, BODY_LIMIT)
      .then((body) => {
        if (typeof target === 'string') return handleJson(ctx, target, body, request, res, requestId);
        return handleQuery(ctx, query, body, request, res, requestId);
      })
      .catch((error) => {
        if (error instanceof BodyTooLarge) {
          res.shouldKeepAlive = false;
          return sendJsonError(
            res,
            new SqsError('RequestEntityTooLarge', error.message, 'RequestEntityTooLarge', 413),
            requestId,
          );
        }
        if (!(error instanceof SqsError)) ctx.logger.error(`sqs-server: ${error?.stack ?? error}`);
        sendJsonError(
          res,
          error instanceof SqsError ? error : malformedRequest('Could not read the request.'),
          requestId,
        );
      });
  };
}
