import { ReceiveMessageCommand, SendMessageCommand, SetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { newClient, useTestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('long polling', () => {
  const t = useTestServer();

  it('when a queue stays empty, then a long poll waits its full WaitTimeSeconds and returns no messages', async () => {
    const url = await t.createQueue('empty');
    const started = Date.now();
    const result = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    const elapsed = Date.now() - started;
    expect(result.Messages).toBeUndefined();
    expect(elapsed).toBeGreaterThanOrEqual(990);
    expect(elapsed).toBeLessThan(1800);
  });

  it('when a message is sent during a long poll, then the poll answers at once with it', async () => {
    const url = await t.createQueue('wake');
    const started = Date.now();
    const polling = t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }));
    await sleep(200);
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'wake up' }));
    const { Messages = [] } = await polling;
    expect(Messages[0]?.Body).toBe('wake up');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('when the queue default ReceiveMessageWaitTimeSeconds is set, then receives without WaitTimeSeconds long-poll', async () => {
    const url = await t.createQueue('default-wait');
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { ReceiveMessageWaitTimeSeconds: '1' } }),
    );
    const started = Date.now();
    await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it('when an in-flight message times out during a long poll, then the poll receives it without a new send', async () => {
    const url = await t.createQueue('expiry');
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'returns' }));
    await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 1 }));
    const started = Date.now();
    const { Messages = [] } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    expect(Messages[0]?.Body).toBe('returns');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('when a client abandons its long poll, then a later message goes to the next receiver, not to the gone one', async () => {
    const url = await t.createQueue('abandoned');
    const quitter = newClient(t.server.endpoint);
    const controller = new AbortController();
    const abandoned = quitter
      .send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 10 }), { abortSignal: controller.signal })
      .catch((e) => e);
    await sleep(200);
    controller.abort();
    await abandoned;
    await sleep(100);
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'for the living' }));
    const { Messages = [] } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 2 }));
    expect(Messages[0]?.Body).toBe('for the living');
    quitter.destroy();
  });

  it('when many receivers wait and ten messages arrive, then each message goes to exactly one receiver', async () => {
    const url = await t.createQueue('fan-out');
    const clients = Array.from({ length: 5 }, () => newClient(t.server.endpoint));
    const polls = clients.map((client) =>
      client.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 3, MaxNumberOfMessages: 2 })),
    );
    await sleep(200);
    for (let i = 0; i < 10; i++) await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    const results = await Promise.all(polls);
    const bodies = results.flatMap((result) => result.Messages ?? []).map((message) => message.Body);
    expect(new Set(bodies).size).toBe(bodies.length);
    expect(bodies.length).toBeGreaterThanOrEqual(5);
    for (const client of clients) client.destroy();
  });
});
