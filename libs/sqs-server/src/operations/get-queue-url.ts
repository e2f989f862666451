import { queueDoesNotExist } from '../errors/errors';
import { requiredString, type Input } from '../input/read-input';
import { queueUrl } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export function getQueueUrl(ctx: SqsContext, input: Input, request: RequestInfo) {
  const name = requiredString(input, 'QueueName');
  const owner = input.QueueOwnerAWSAccountId;
  if (!ctx.queues.get(name) || (owner !== undefined && owner !== ctx.accountId)) throw queueDoesNotExist();
  return { QueueUrl: queueUrl(ctx, request, name) };
}
