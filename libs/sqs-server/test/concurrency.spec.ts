import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { newClient, useTestServer } from './support/test-server';

const MESSAGES = 2000;
const CONSUMERS = 6;

describe('concurrent consumers', () => {
  const t = useTestServer();

  it('when several consumers drain a queue while it is filled, then every message is handled exactly once', async () => {
    const url = await t.createQueue('shared');
    const handled = new Map<string, number>();
    let done = false;
    const consume = async () => {
      const client = newClient(t.server.endpoint);
      while (!done) {
        const { Messages = [] } = await client.send(
          new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        for (const message of Messages)
          handled.set(message.Body as string, (handled.get(message.Body as string) ?? 0) + 1);
        if (Messages.length > 0) {
          const entries = Messages.map((message, i) => ({ Id: String(i), ReceiptHandle: message.ReceiptHandle }));
          const result = await client.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: entries }));
          expect(result.Failed ?? []).toEqual([]);
        }
        if (handled.size === MESSAGES) done = true;
      }
      client.destroy();
    };
    const produce = async (offset: number) => {
      for (let i = offset; i < MESSAGES; i += 20) {
        const entries = Array.from({ length: 10 }, (_, j) => ({ Id: `e${j}`, MessageBody: `m${i + j}` }));
        await t.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
      }
    };
    await Promise.all([produce(0), produce(10), ...Array.from({ length: CONSUMERS }, consume)]);
    expect(handled.size).toBe(MESSAGES);
    expect([...handled.values()].every((count) => count === 1)).toBe(true);
    const { Attributes } = await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });
});
