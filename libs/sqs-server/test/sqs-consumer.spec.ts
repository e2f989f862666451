import { GetQueueAttributesCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { Consumer } from 'sqs-consumer';
import { describe, expect, it } from 'vitest';
import { newClient, useTestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The worker consumes through @ssut/nestjs-sqs, which runs sqs-consumer 11: it must work unchanged against us. */
describe('sqs-consumer 11', () => {
  const t = useTestServer();

  it('when handlers outlive the visibility timeout, then heartbeats keep the messages hidden and each is handled once and deleted', async () => {
    const url = await t.createQueue('work', { VisibilityTimeout: '2' });
    await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: Array.from({ length: 6 }, (_, i) => ({ Id: `e${i}`, MessageBody: `job${i}` })),
      }),
    );
    const handled: string[] = [];
    const errors: string[] = [];
    const consumers = [0, 1].map(() => {
      const consumer = Consumer.create({
        queueUrl: url,
        sqs: newClient(t.server.endpoint),
        batchSize: 3,
        waitTimeSeconds: 1,
        visibilityTimeout: 2,
        heartbeatInterval: 1,
        handleMessage: async (message) => {
          handled.push(message.Body as string);
          await sleep(3500);
        },
      });
      consumer.on('error', (error) => errors.push(error.message));
      consumer.on('processing_error', (error) => errors.push(error.message));
      consumer.start();
      return consumer;
    });
    const deadline = Date.now() + 20_000;
    const remaining = async () => {
      const { Attributes } = await t.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }),
      );
      return (
        Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
      );
    };
    while ((await remaining()) > 0 && Date.now() < deadline) await sleep(200);
    for (const consumer of consumers) consumer.stop({ abort: true });
    expect(errors).toEqual([]);
    expect(handled.sort()).toEqual(['job0', 'job1', 'job2', 'job3', 'job4', 'job5']);
    expect(await remaining()).toBe(0);
  });
});
