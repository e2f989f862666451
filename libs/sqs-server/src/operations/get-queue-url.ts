import { queueDoesNotExist } from '../errors/errors';
import { optionalString, requiredString, type Input } from '../input/read-input';
import { queueUrl } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export function getQueueUrl(ctx: SqsContext, input: Input, request: RequestInfo) {
  const name = requiredString(input, 'QueueName');
  const owner = optionalString(input, 'QueueOwnerAWSAccountId') || request.caller.accountId;
  const queue = ctx.queues.get({ accountId: owner, region: request.caller.region }, name);
  if (!queue) throw queueDoesNotExist();
  return { QueueUrl: queueUrl(ctx, queue) };
}
