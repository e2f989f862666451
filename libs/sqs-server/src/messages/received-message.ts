import type { MessageAttributeValue } from './message-attribute-value';

/** A message as ReceiveMessage returns it. */
export interface ReceivedMessage {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MessageAttributes?: Record<string, MessageAttributeValue>;
  MD5OfMessageAttributes?: string;
}
