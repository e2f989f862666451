import { invalidMessageContents, invalidParameterValue } from '../errors/errors';
import { setOwn } from '../input/own-property';
import type { MessageAttributeValue } from './message-attribute-value';

// Characters SQS accepts in a body or string attribute: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000+.
// eslint-disable-next-line no-control-regex -- tab, LF and CR are exactly the allowed control characters
const FORBIDDEN_CHARACTERS = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_\-.]{1,256}$/;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]{1,250})?$/;

export function checkBody(body: string): void {
  if (FORBIDDEN_CHARACTERS.test(body)) {
    throw invalidMessageContents(
      'Invalid binary character in the message body. Allowed: #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
}

/** Validates message attributes and returns their size in bytes, which counts against the message size limit. */
export function checkMessageAttributes(
  raw: unknown,
  label = 'MessageAttribute',
): { attributes: Record<string, MessageAttributeValue>; bytes: number } {
  if (raw === undefined || raw === null) return { attributes: {}, bytes: 0 };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidParameterValue(`${label}s must be a map.`);
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > 10) {
    throw invalidParameterValue(`Number of message attributes [${entries.length}] exceeds the allowed maximum [10].`);
  }
  const attributes: Record<string, MessageAttributeValue> = {};
  let bytes = 0;
  for (const [name, value] of entries) {
    const attribute = checkAttribute(name, value, label);
    setOwn(attributes, name, attribute);
    bytes += Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType);
    bytes +=
      attribute.BinaryValue !== undefined
        ? Buffer.from(attribute.BinaryValue, 'base64').length
        : Buffer.byteLength(attribute.StringValue ?? '');
  }
  return { attributes, bytes };
}

function checkAttribute(name: string, value: unknown, label: string): MessageAttributeValue {
  const kind = label === 'MessageAttribute' ? 'Message (user) attribute' : 'Message system attribute';
  if (Buffer.byteLength(name) > 256) throw invalidParameterValue(`${kind} name must be shorter than 256 bytes.`);
  if (/^(aws\.|amazon\.)/i.test(name))
    throw invalidParameterValue(
      `${kind} name '${name}' is invalid. Reason: the prefixes 'AWS.' and 'Amazon.' are reserved.`,
    );
  if (!ATTRIBUTE_NAME.test(name) || name.includes('..') || name.startsWith('.') || name.endsWith('.')) {
    throw invalidParameterValue(
      `${kind} name '${name}' is invalid. Reason: it can contain only A-Z, a-z, 0-9, underscore (_), hyphen (-) and period (.), and cannot start or end with a period or have two in a row.`,
    );
  }
  const { DataType, StringValue, BinaryValue } = (value ?? {}) as Record<string, unknown>;
  if (typeof DataType !== 'string' || !DATA_TYPE.test(DataType)) {
    throw invalidParameterValue(
      `The type of ${kind.toLowerCase()} '${name}' is invalid. You must use only the following supported type prefixes: Binary, Number, String.`,
    );
  }
  if (DataType.startsWith('Binary')) {
    if (typeof BinaryValue !== 'string' || BinaryValue === '') {
      throw invalidParameterValue(
        `${kind} '${name}' must contain a non-empty message attribute value for message attribute type 'Binary'.`,
      );
    }
    return { DataType, BinaryValue };
  }
  if (typeof StringValue !== 'string' || StringValue === '') {
    throw invalidParameterValue(
      `${kind} '${name}' must contain a non-empty message attribute value for message attribute type '${DataType.split('.')[0]}'.`,
    );
  }
  if (DataType.startsWith('Number') && !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(StringValue)) {
    throw invalidParameterValue(`Can't cast the value of message (user) attribute '${name}' to a number.`);
  }
  if (FORBIDDEN_CHARACTERS.test(StringValue))
    throw invalidMessageContents(`Invalid character in the value of attribute '${name}'.`);
  return { DataType, StringValue };
}
