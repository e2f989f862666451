import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './support/test-server';

describe('redrive to a dead-letter queue', () => {
  const t = useTestServer();

  it('when a message is received maxReceiveCount times, then the next receive moves it to the DLQ keeping its MessageId', async () => {
    const dlq = await t.createQueue('jobs-dlq');
    const redrive = JSON.stringify({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq',
      maxReceiveCount: 2,
    });
    const source = await t.createQueue('jobs', { RedrivePolicy: redrive });
    const sent = await t.sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'poison' }));
    const receiveOnce = () =>
      t.sqs.send(new ReceiveMessageCommand({ QueueUrl: source, VisibilityTimeout: 0 })).then((r) => r.Messages ?? []);
    expect(await receiveOnce()).toHaveLength(1);
    expect(await receiveOnce()).toHaveLength(1);
    expect(await receiveOnce()).toEqual([]);
    const { Messages = [] } = await t.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MessageSystemAttributeNames: ['All'] }),
    );
    expect(Messages[0]).toMatchObject({ MessageId: sent.MessageId, Body: 'poison' });
    expect(Messages[0].Attributes?.DeadLetterQueueSourceArn).toBe('arn:aws:sqs:us-east-1:000000000000:jobs');
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: source, AttributeNames: ['All'] }),
    );
    expect(Attributes?.RedrivePolicy).toBe(redrive);
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });

  it('when a long poll waits on the DLQ, then a dead-lettered message wakes it', async () => {
    const dlq = await t.createQueue('wait-dlq');
    const source = await t.createQueue('wait-src', {
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:wait-dlq',
        maxReceiveCount: 1,
      }),
    });
    await t.sqs.send(new SendMessageCommand({ QueueUrl: source, MessageBody: 'bad' }));
    await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: source, VisibilityTimeout: 0 }));
    const waiting = t.sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 5 }));
    const started = Date.now();
    await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: source }));
    expect((await waiting).Messages?.[0]?.Body).toBe('bad');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
