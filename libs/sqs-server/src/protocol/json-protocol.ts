import type { ServerResponse } from 'node:http';
import { asSqsError, malformedRequest, unknownOperation } from '../errors/errors';
import type { SqsError } from '../errors/sqs-error';
import { ownValue } from '../input/own-property';
import { OPERATIONS } from '../operations/operations';
import type { RequestInfo, SqsContext } from '../operations/sqs-context';
import { callerIdentity } from './caller-identity';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** AWS JSON 1.0, as @aws-sdk/client-sqs v3 and the aws CLI send it: `x-amz-target: AmazonSQS.<Operation>`. */
export async function handleJson(
  ctx: SqsContext,
  target: string,
  body: Buffer,
  request: RequestInfo,
  res: ServerResponse,
  requestId: string,
): Promise<void> {
  try {
    const operationName = target.slice(target.indexOf('.') + 1);
    if (target === 'AWSSecurityTokenServiceV20110615.GetCallerIdentity') {
      return send(res, 200, JSON.stringify(callerIdentity(request.caller)), requestId);
    }
    const operation = target.startsWith('AmazonSQS.') ? ownValue(OPERATIONS, operationName) : undefined;
    if (!operation) throw unknownOperation(target);
    const input = parseJson(body);
    const output = await operation(ctx, input, request);
    send(res, 200, JSON.stringify(output ?? {}), requestId);
  } catch (error) {
    sendJsonError(res, asSqsError(error, ctx.logger), requestId);
  }
}

export function sendJsonError(res: ServerResponse, sqsError: SqsError, requestId: string): void {
  res.setHeader('x-amzn-query-error', `${sqsError.queryCode};${sqsError.fault}`);
  if (sqsError.status === 405) res.setHeader('allow', 'POST');
  send(
    res,
    sqsError.status,
    JSON.stringify({ __type: `com.amazonaws.sqs#${sqsError.code}`, message: sqsError.message }),
    requestId,
  );
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformedRequest('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw malformedRequest('The request body must be a JSON object.');
  return parsed as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, payload: string, requestId: string): void {
  if (res.writableEnded || res.destroyed) return;
  res.writeHead(status, {
    'content-type': CONTENT_TYPE,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': requestId,
  });
  res.end(payload);
}
