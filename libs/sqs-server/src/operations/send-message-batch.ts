import { batchRequestTooLong } from '../errors/errors';
import type { Input } from '../input/read-input';
import { prepareMessage } from '../messages/prepare-message';
import { storeMessages } from '../messages/store-messages';
import { forEachEntry, readBatchEntries } from './batch';
import { resolveQueue } from './resolve-queue';
import type { RequestInfo, SqsContext } from './sqs-context';

const MAX_BATCH_BYTES = 1048576;

export async function sendMessageBatch(ctx: SqsContext, input: Input, request: RequestInfo) {
  const queue = resolveQueue(ctx, input, request);
  const entries = readBatchEntries(input);
  const now = Date.now();
  const { Successful: accepted, Failed } = forEachEntry(entries, (entry) => ({
    message: prepareMessage(queue, entry, request.caller.accountId, now),
  }));
  const total = accepted.reduce((sum, { message }) => sum + message.bytes, 0);
  if (total > MAX_BATCH_BYTES) throw batchRequestTooLong(total);
  const results = await storeMessages(
    ctx,
    queue,
    accepted.map(({ message }) => message),
    now,
  );
  const Successful = results.map((result, index) => ({ Id: accepted[index].Id, ...result }));
  return { Successful, Failed };
}
