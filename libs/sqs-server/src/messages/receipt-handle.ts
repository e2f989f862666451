import { randomBytes } from 'node:crypto';
import { receiptHandleIsInvalid } from '../errors/errors';

export interface ReceiptHandle {
  queueId: number;
  rowId: number;
  token: string;
}

// A per-process random prefix plus a counter gives a unique token per receive without asking for entropy each time.
const prefix = randomBytes(6).toString('hex');
let counter = 0;

export function newReceiptToken(): string {
  counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
  return `${prefix}${counter.toString(36)}`;
}

export function encodeReceiptHandle(handle: ReceiptHandle): string {
  return Buffer.from(`${handle.queueId}:${handle.rowId}:${handle.token}`, 'utf8').toString('base64url');
}

export function decodeReceiptHandle(text: string): ReceiptHandle {
  const parts = Buffer.from(text, 'base64url').toString('utf8').split(':');
  const queueId = Number(parts[0]);
  const rowId = Number(parts[1]);
  if (
    parts.length !== 3 ||
    !Number.isSafeInteger(queueId) ||
    !Number.isSafeInteger(rowId) ||
    !/^[0-9a-z]+$/.test(parts[2])
  ) {
    throw receiptHandleIsInvalid(text);
  }
  return { queueId, rowId, token: parts[2] };
}
