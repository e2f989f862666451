import type { Input } from '../input/read-input';
import { prepareMessage } from '../messages/prepare-message';
import { storeMessages } from '../messages/store-messages';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

export async function sendMessage(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const now = Date.now();
  const prepared = prepareMessage(queue, input, request.caller.accountId, now);
  return (await storeMessages(ctx, queue, [prepared], now))[0];
}
