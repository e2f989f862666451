import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  ReceiptHandleIsInvalid,
  SendMessageBatchCommand,
  SendMessageCommand,
  type MessageAttributeValue,
} from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

const ATTRIBUTES: Record<string, MessageAttributeValue> = {
  a: { DataType: 'String', StringValue: 'x' },
  b: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2, 3]) },
  n: { DataType: 'Number.int', StringValue: '5' },
};
// Computed by moto_server (an independent implementation) for the attributes above.
const ATTRIBUTES_MD5 = '8bff87efa32746eb736ecbc0b40e278e';

describe('sending and receiving', () => {
  const t = useTestServer();
  let url: string;
  beforeAll(async () => (url = await t.createQueue('messages')));

  const receiveAll = (extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
    t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, ...extra }));

  it('when a message with attributes is sent, then the MD5s of body and attributes match SQS and come back on receive', async () => {
    const sent = await t.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'hello', MessageAttributes: ATTRIBUTES }),
    );
    expect(sent.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(sent.MD5OfMessageAttributes).toBe(ATTRIBUTES_MD5);
    const { Messages = [] } = await receiveAll({
      MessageAttributeNames: ['All'],
      MessageSystemAttributeNames: ['All'],
    });
    expect(Messages).toHaveLength(1);
    const [message] = Messages;
    expect(message).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'hello',
      MD5OfBody: sent.MD5OfMessageBody,
      MD5OfMessageAttributes: ATTRIBUTES_MD5,
    });
    expect(Buffer.from(message.MessageAttributes?.b.BinaryValue as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    expect(message.MessageAttributes?.n).toEqual({ DataType: 'Number.int', StringValue: '5' });
    expect(message.Attributes).toMatchObject({ SenderId: '000000000000', ApproximateReceiveCount: '1' });
    const sentAt = Number(message.Attributes?.SentTimestamp);
    expect(Math.abs(Date.now() - sentAt)).toBeLessThan(5000);
    expect(Number(message.Attributes?.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(sentAt);
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
  });

  it('when attribute names use a prefix wildcard, then only matching attributes are returned', async () => {
    await t.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'filtered',
        MessageAttributes: {
          'user.id': { DataType: 'String', StringValue: '1' },
          'user.name': { DataType: 'String', StringValue: 'ann' },
          other: { DataType: 'String', StringValue: 'o' },
        },
      }),
    );
    const { Messages = [] } = await receiveAll({
      MessageAttributeNames: ['user.*'],
      MessageSystemAttributeNames: ['SentTimestamp'],
    });
    expect(Object.keys(Messages[0].MessageAttributes ?? {}).sort()).toEqual(['user.id', 'user.name']);
    expect(Object.keys(Messages[0].Attributes ?? {})).toEqual(['SentTimestamp']);
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: Messages[0].ReceiptHandle }));
  });

  it('when a message is sent with DelaySeconds, then it is invisible until the delay passes', async () => {
    const delayed = await t.createQueue('delayed');
    await t.sqs.send(new SendMessageCommand({ QueueUrl: delayed, MessageBody: 'later', DelaySeconds: 1 }));
    expect((await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: delayed }))).Messages).toBeUndefined();
    const started = Date.now();
    const { Messages = [] } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: delayed, WaitTimeSeconds: 3 }));
    expect(Messages[0]?.Body).toBe('later');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('when a batch is sent, then each entry gets its id, MessageId and MD5, and bad entries fail alone', async () => {
    const batch = await t.createQueue('batch');
    const result = await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: batch,
        Entries: [
          { Id: 'one', MessageBody: 'first' },
          { Id: 'two', MessageBody: 'second', MessageAttributes: ATTRIBUTES },
          { Id: 'bad', MessageBody: 'x', DelaySeconds: 901 },
        ],
      }),
    );
    expect(result.Successful?.map((entry) => entry.Id)).toEqual(['one', 'two']);
    expect(result.Successful?.[1].MD5OfMessageAttributes).toBe(ATTRIBUTES_MD5);
    expect(result.Failed).toEqual([
      expect.objectContaining({ Id: 'bad', SenderFault: true, Code: 'InvalidParameterValue' }),
    ]);
    const { Messages = [] } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: batch, MaxNumberOfMessages: 10 }));
    expect(Messages.map((m) => m.Body).sort()).toEqual(['first', 'second']);
  });

  it('when a body has a forbidden character, then InvalidMessageContents', async () => {
    const error = await errorOf(t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'bell\u0007' })));
    expect(error.name).toBe('InvalidMessageContents');
  });

  it('when a required parameter is missing or out of range, then MissingParameter or InvalidParameterValue', async () => {
    expect(
      (await errorOf(t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: undefined as never })))).name,
    ).toBe('MissingParameter');
    expect((await errorOf(receiveAll({ MaxNumberOfMessages: 11 }))).name).toBe('InvalidParameterValue');
    expect((await errorOf(receiveAll({ WaitTimeSeconds: 21 }))).name).toBe('InvalidParameterValue');
    expect((await errorOf(receiveAll({ VisibilityTimeout: 43201 }))).name).toBe('InvalidParameterValue');
  });

  it('when attribute names or data types are invalid, then InvalidParameterValue with the message SQS gives', async () => {
    const send = (MessageAttributes: Record<string, { DataType: string; StringValue?: string }>) =>
      errorOf(t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageAttributes })));
    const reserved = await send({ 'AWS.trace': { DataType: 'String', StringValue: 'v' } });
    expect(reserved.name).toBe('InvalidParameterValue');
    expect(reserved.message).toMatch(/^Message \(user\) attribute name 'AWS.trace' is invalid/);
    expect((await send({ 'bad name': { DataType: 'String', StringValue: 'v' } })).message).toMatch(
      /^Message \(user\) attribute name 'bad name' is invalid/,
    );
    expect((await send({ 'a..b': { DataType: 'String', StringValue: 'v' } })).name).toBe('InvalidParameterValue');
    expect((await send({ kind: { DataType: 'Text', StringValue: 'v' } })).message).toBe(
      "The type of message (user) attribute 'kind' is invalid. You must use only the following supported type prefixes: Binary, Number, String.",
    );
    expect((await send({ kind: { DataType: 'String', StringValue: '' } })).message).toBe(
      "Message (user) attribute 'kind' must contain a non-empty message attribute value for message attribute type 'String'.",
    );
  });

  it('when MessageAttributeNames is All or .*, then every attribute comes back', async () => {
    await t.sqs.send(
      new SendMessageCommand({
        QueueUrl: url,
        MessageBody: 'everything',
        MessageAttributes: {
          a: { DataType: 'String', StringValue: '1' },
          'b.c': { DataType: 'Number', StringValue: '2' },
        },
      }),
    );
    for (const names of [['All'], ['.*']]) {
      const { Messages = [] } = await receiveAll({ MessageAttributeNames: names, VisibilityTimeout: 0 });
      expect(Object.keys(Messages[0].MessageAttributes ?? {}).sort()).toEqual(['a', 'b.c']);
    }
    const { Messages = [] } = await receiveAll({});
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: Messages[0].ReceiptHandle }));
  });

  it('when a receipt handle is garbage, then ReceiptHandleIsInvalid (HTTP 404 as in the SDK model)', async () => {
    const error = await errorOf(t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: 'not-a-handle' })));
    expect(error).toBeInstanceOf(ReceiptHandleIsInvalid);
    expect(error.$metadata?.httpStatusCode).toBe(404);
  });
});
