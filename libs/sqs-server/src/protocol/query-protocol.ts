import type { ServerResponse } from 'node:http';
import type { RequestInfo, SqsContext } from '../operations/sqs-context';
import { sendJsonError } from './json-protocol';
import { invalidAction } from '../errors/errors';

/** Placeholder until the Query protocol lands: answers with a clear 400. */
export async function handleQuery(_ctx: SqsContext, query: string, body: Buffer, _request: RequestInfo, res: ServerResponse, requestId: string): Promise<void> {
  const params = new URLSearchParams(body.length > 0 ? body.toString('utf8') : query);
  sendJsonError(res, invalidAction(params.get('Action') ?? '(none)'), requestId);
}
