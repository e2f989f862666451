import { createHash } from 'node:crypto';
import type { MessageAttributeValue } from '../messages/message-attribute-value';

export const md5Hex = (text: string): string => createHash('md5').update(text, 'utf8').digest('hex');

const lengthPrefixed = (bytes: Buffer): Buffer[] => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length, 0);
  return [length, bytes];
};

/** The digest SQS defines for message attributes: names sorted, each field length-prefixed, 1 = string, 2 = binary. */
export function md5OfAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const hash = createHash('md5');
  for (const name of Object.keys(attributes).sort()) {
    const value = attributes[name];
    const parts = [
      ...lengthPrefixed(Buffer.from(name, 'utf8')),
      ...lengthPrefixed(Buffer.from(value.DataType, 'utf8')),
    ];
    if (value.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]), ...lengthPrefixed(Buffer.from(value.BinaryValue, 'base64')));
    } else {
      parts.push(Buffer.from([1]), ...lengthPrefixed(Buffer.from(value.StringValue ?? '', 'utf8')));
    }
    for (const part of parts) hash.update(part);
  }
  return hash.digest('hex');
}
