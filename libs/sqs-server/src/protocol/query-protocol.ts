import type { ServerResponse } from 'node:http';
import { asSqsError, invalidAction, missingParameter } from '../errors/errors';
import type { SqsError } from '../errors/sqs-error';
import { ownValue } from '../input/own-property';
import { OPERATIONS } from '../operations/operations';
import type { RequestInfo, SqsContext } from '../operations/sqs-context';
import { callerIdentity } from './caller-identity';
import { queryInput } from './query-input';
import { queryErrorXml, queryResponseXml } from './query-output';

const SQS_NAMESPACE = 'http://queue.amazonaws.com/doc/2012-11-05/';
const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The older Query protocol (form-encoded `Action=...`, XML answers), plus STS GetCallerIdentity. */
export async function handleQuery(
  ctx: SqsContext,
  query: string,
  body: Buffer,
  request: RequestInfo,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  const params = new URLSearchParams(query);
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) params.append(key, value);
  const action = params.get('Action');
  try {
    if (!action) throw missingParameter('Action');
    if (action === 'GetCallerIdentity') {
      return sendXml(res, 200, queryResponseXml(action, callerIdentity(request.caller), requestId, STS_NAMESPACE));
    }
    const operation = ownValue(OPERATIONS, action);
    if (!operation) throw invalidAction(action);
    const output = (await operation(ctx, queryInput(params, action), request)) as Record<string, unknown>;
    sendXml(res, 200, queryResponseXml(action, output ?? {}, requestId, SQS_NAMESPACE));
  } catch (error) {
    sendQueryError(res, asSqsError(error, ctx.logger), requestId);
  }
}

export function sendQueryError(res: ServerResponse, sqsError: SqsError, requestId: string): void {
  if (sqsError.status === 405) res.setHeader('allow', 'POST');
  sendXml(res, sqsError.status, queryErrorXml(sqsError.fault, sqsError.queryCode, sqsError.message, requestId));
}

function sendXml(res: ServerResponse, status: number, xml: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(xml);
}
