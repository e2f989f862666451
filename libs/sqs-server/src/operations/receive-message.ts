import { optionalInteger, optionalStringList, type Input } from '../input/read-input';
import { receiveNow, type ReceiveRequest } from '../messages/receive-now';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export async function receiveMessage(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const waitSeconds = optionalInteger(input, 'WaitTimeSeconds', 0, 20) ?? queue.waitSeconds;
  const receive: ReceiveRequest = {
    max: optionalInteger(input, 'MaxNumberOfMessages', 1, 10) ?? 1,
    visibilityTimeout: optionalInteger(input, 'VisibilityTimeout', 0, 43200) ?? queue.visibilityTimeout,
    systemAttributeNames: new Set([
      ...optionalStringList(input, 'AttributeNames'),
      ...optionalStringList(input, 'MessageSystemAttributeNames'),
    ]),
    messageAttributeNames: optionalStringList(input, 'MessageAttributeNames'),
  };
  let messages = receiveNow(ctx, queue, receive);
  if (messages.length === 0 && waitSeconds > 0 && !ctx.closing) {
    const parked = ctx.waiters.wait(queue.id, waitSeconds * 1000, receive.max, () => receiveNow(ctx, queue, receive));
    request.onAbort(parked.cancel);
    messages = await parked.done;
  }
  return messages.length > 0 ? { Messages: messages } : {};
}
