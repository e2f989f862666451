import { setOwn } from '../input/own-property';
import type { MessageAttributeValue } from './message-attribute-value';
import type { MessageRow } from './message-row';
import type { ReceivedMessage } from './received-message';

export interface ReceiveSelection {
  /** System attribute names asked for ("All" included). */
  systemAttributeNames: Set<string>;
  /** Message attribute names asked for: exact names, "All", ".*" or "prefix.*". */
  messageAttributeNames: string[];
}

export function renderReceived(
  row: MessageRow,
  handle: string,
  selection: ReceiveSelection,
  fifo: boolean,
): ReceivedMessage {
  const message: ReceivedMessage = {
    MessageId: row.message_id,
    ReceiptHandle: handle,
    MD5OfBody: row.md5_body,
    Body: row.body,
  };
  const attributes = systemAttributes(row, selection.systemAttributeNames, fifo);
  if (attributes) message.Attributes = attributes;
  if (row.attributes && selection.messageAttributeNames.length > 0) {
    const chosen = pick(JSON.parse(row.attributes), selection.messageAttributeNames);
    if (chosen) {
      message.MessageAttributes = chosen;
      message.MD5OfMessageAttributes = row.md5_attributes ?? undefined;
    }
  }
  return message;
}

function systemAttributes(row: MessageRow, names: Set<string>, fifo: boolean): Record<string, string> | undefined {
  if (names.size === 0) return undefined;
  const all = names.has('All');
  const out: Record<string, string> = {};
  const add = (name: string, value: string | null | undefined) => {
    if ((all || names.has(name)) && value !== null && value !== undefined) out[name] = value;
  };
  add('SenderId', row.sender_id);
  add('SentTimestamp', String(row.sent_at));
  add('ApproximateReceiveCount', String(row.receive_count));
  add('ApproximateFirstReceiveTimestamp', String(row.first_received_at ?? row.sent_at));
  if (row.system_attributes) add('AWSTraceHeader', JSON.parse(row.system_attributes).AWSTraceHeader?.StringValue);
  add('DeadLetterQueueSourceArn', row.dlq_source);
  if (fifo) {
    add('MessageGroupId', row.group_id);
    add('MessageDeduplicationId', row.dedup_id);
    add('SequenceNumber', row.sequence_number);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

function pick(
  attributes: Record<string, MessageAttributeValue>,
  patterns: string[],
): Record<string, MessageAttributeValue> | undefined {
  const wantsAll = patterns.includes('All') || patterns.includes('.*');
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = wantsAll || patterns.some((p) => (p.endsWith('.*') ? name.startsWith(p.slice(0, -1)) : p === name));
    if (wanted) setOwn(out, name, value);
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
