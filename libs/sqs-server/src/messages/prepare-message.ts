import { createHash, randomUUID } from 'node:crypto';
import { invalidParameterValue, missingParameter } from '../errors/errors';
import { optionalInteger, optionalString, requiredString, type Input } from '../input/read-input';
import { md5Hex, md5OfAttributes } from '../md5/message-md5';
import type { Queue } from '../queues/queue';
import type { NewMessage } from './message-row';
import { checkBody, checkMessageAttributes } from './validate-message';

export interface PreparedMessage {
  row: NewMessage;
  bytes: number;
  dedupKey?: string;
}

/** Validates one SendMessage (or batch entry) input and turns it into the row to store. */
export function prepareMessage(queue: Queue, input: Input, senderId: string, now: number): PreparedMessage {
  const body = requiredString(input, 'MessageBody');
  checkBody(body);
  const user = checkMessageAttributes(input.MessageAttributes);
  const system = checkMessageAttributes(input.MessageSystemAttributes, 'MessageSystemAttribute');
  for (const name of Object.keys(system.attributes)) {
    if (name !== 'AWSTraceHeader') throw invalidParameterValue(`Message system attribute name '${name}' is invalid.`);
  }
  const bytes = Buffer.byteLength(body) + user.bytes + system.bytes;
  if (bytes > queue.maximumMessageSize) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${queue.maximumMessageSize} bytes.`,
    );
  }
  const delay = optionalInteger(input, 'DelaySeconds', 0, 900);
  const fifo = queue.fifo ? fifoFields(queue, input, body) : undefined;
  if (queue.fifo && delay !== undefined) {
    throw invalidParameterValue(
      `Value ${delay} for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.`,
    );
  }
  const hasUser = Object.keys(user.attributes).length > 0;
  const hasSystem = Object.keys(system.attributes).length > 0;
  return {
    bytes,
    dedupKey: fifo?.dedupKey,
    row: {
      queue_id: queue.id,
      message_id: randomUUID(),
      body,
      md5_body: md5Hex(body),
      attributes: hasUser ? JSON.stringify(user.attributes) : null,
      md5_attributes: hasUser ? md5OfAttributes(user.attributes) : null,
      system_attributes: hasSystem ? JSON.stringify(system.attributes) : null,
      md5_system_attributes: hasSystem ? md5OfAttributes(system.attributes) : null,
      sender_id: senderId,
      sent_at: now,
      visible_at: now + (delay ?? queue.delaySeconds) * 1000,
      group_id: fifo?.groupId ?? optionalString(input, 'MessageGroupId') ?? null,
      dedup_id: fifo?.dedupId ?? null,
      sequence_number: null,
    },
  };
}

function fifoFields(queue: Queue, input: Input, body: string): { groupId: string; dedupId: string; dedupKey: string } {
  const groupId = optionalString(input, 'MessageGroupId');
  if (!groupId) throw missingParameter('MessageGroupId');
  let dedupId = optionalString(input, 'MessageDeduplicationId');
  if (!dedupId) {
    if (!queue.contentBasedDeduplication) {
      throw invalidParameterValue(
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    dedupId = createHash('sha256').update(body).digest('hex');
  }
  const perGroup = queue.attributes.DeduplicationScope === 'messageGroup';
  return { groupId, dedupId, dedupKey: perGroup ? `${groupId}\u0000${dedupId}` : dedupId };
}
