import type { IncomingMessage, ServerResponse } from 'node:http';
import { malformedRequest } from '../errors/errors';
import { SqsError } from '../errors/sqs-error';
import type { RequestInfo, SqsContext } from '../operations/sqs-context';
import type { AllowedHosts } from '../security/allowed-hosts';
import { refuseBrowserRequest } from '../security/refuse-browser-request';
import type { RequestAuthenticator } from '../security/sigv4';
import { handleJson, sendJsonError } from './json-protocol';
import { handleQuery, sendQueryError } from './query-protocol';
import { BodyTooLarge, readBody } from './read-body';
import { nextRequestId } from './request-id';

// A 10-entry batch may carry 1 MiB of payload; JSON escaping can double it.
const BODY_LIMIT = 3 * 1024 * 1024;
const HEALTH_PATHS = new Set(['/', '/health', '/ping']);

export interface HttpGuards {
  hosts: AllowedHosts;
  authenticator: RequestAuthenticator;
}

/**
 * Routes a request to the JSON protocol (x-amz-target), the Query protocol (Action=...) or a health answer, after
 * refusing what a browser page could send (see refuseBrowserRequest) and, with an access key set, unsigned requests.
 */
export function createHttpHandler(ctx: SqsContext, guards: () => HttpGuards) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const requestId = nextRequestId();
    const target = req.headers['x-amz-target'];
    const json = typeof target === 'string';
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
    // A plain GET (no parameters, no operation) is a health check and changes nothing; it says only that we are up.
    if ((req.method === 'GET' || req.method === 'HEAD') && !json && !query && HEALTH_PATHS.has(path)) {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const sendError = (error: SqsError) =>
      json ? sendJsonError(res, error, requestId) : sendQueryError(res, error, requestId);
    const { hosts, authenticator } = guards();
    const refusal = refuseBrowserRequest(req, hosts);
    if (refusal) {
      res.shouldKeepAlive = false;
      req.resume();
      return sendError(refusal);
    }
    const aborts: (() => void)[] = [];
    res.on('close', () => {
      if (!res.writableFinished) for (const cancel of aborts) cancel();
    });
    readBody(req, BODY_LIMIT)
      .then(async (body) => {
        const caller = await authenticator.identify({ method: 'POST', path, query, headers: req.headers, body });
        const request: RequestInfo = { caller, path, onAbort: (cancel) => aborts.push(cancel) };
        if (json) return handleJson(ctx, target, body, request, res, requestId);
        return handleQuery(ctx, query, body, request, res, requestId);
      })
      .catch((error) => {
        if (error instanceof BodyTooLarge) {
          res.shouldKeepAlive = false;
          return sendError(new SqsError('RequestEntityTooLarge', error.message, 'RequestEntityTooLarge', 413));
        }
        if (!(error instanceof SqsError)) ctx.logger.error(`sqs-server: ${error?.stack ?? error}`);
        sendError(error instanceof SqsError ? error : malformedRequest('Could not read the request.'));
      });
  };
}
