import {
  ChangeMessageVisibilityBatchCommand,
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  MessageNotInflight,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('visibility timeout', () => {
  const t = useTestServer();

  const receive = (url: string, extra: Partial<ConstructorParameters<typeof ReceiveMessageCommand>[0]> = {}) =>
    t.sqs
      .send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          ...extra,
        }),
      )
      .then((r) => r.Messages ?? []);

  it('when a message is received, then it stays hidden for the timeout and comes back with a new handle and count 2', async () => {
    const url = await t.createQueue('vt');
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'again' }));
    const [first] = await receive(url, { VisibilityTimeout: 1 });
    expect(await receive(url)).toEqual([]);
    const counts = await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(counts.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });
    await sleep(1100);
    const [second] = await receive(url);
    expect(second.MessageId).toBe(first.MessageId);
    expect(second.ReceiptHandle).not.toBe(first.ReceiptHandle);
    expect(second.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('when an old receipt handle is used after a re-receive, then delete is a no-op and a visibility change is refused', async () => {
    const url = await t.createQueue('stale');
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'stale' }));
    const [first] = await receive(url, { VisibilityTimeout: 0 });
    const [second] = await receive(url, { VisibilityTimeout: 30 });
    const stale = await errorOf(
      t.sqs.send(
        new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle, VisibilityTimeout: 0 }),
      ),
    );
    expect(stale.name).toBe('InvalidParameterValue');
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    const counts = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(counts.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: second.ReceiptHandle }));
    const gone = await errorOf(
      t.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: second.ReceiptHandle,
          VisibilityTimeout: 0,
        }),
      ),
    );
    expect(gone.name).toBe('InvalidParameterValue');
    expect(await receive(url)).toEqual([]);
  });

  it('when visibility is changed to 0, then the message is visible at once; when extended, then it stays hidden', async () => {
    const url = await t.createQueue('change');
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    const [held] = await receive(url, { VisibilityTimeout: 1 });
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: held.ReceiptHandle, VisibilityTimeout: 3 }),
    );
    await sleep(1200);
    expect(await receive(url)).toEqual([]);
    await t.sqs.send(
      new ChangeMessageVisibilityCommand({ QueueUrl: url, ReceiptHandle: held.ReceiptHandle, VisibilityTimeout: 0 }),
    );
    const [again] = await receive(url, { VisibilityTimeout: 30 });
    expect(again.MessageId).toBe(held.MessageId);
    const batch = await t.sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'ok', ReceiptHandle: again.ReceiptHandle, VisibilityTimeout: 0 },
          { Id: 'old', ReceiptHandle: held.ReceiptHandle, VisibilityTimeout: 0 },
        ],
      }),
    );
    expect(batch.Successful?.map((entry) => entry.Id)).toEqual(['ok']);
    expect(batch.Failed?.map((entry) => entry.Id)).toEqual(['old']);
  });

  it('when the latest handle is used after the message became visible again, then MessageNotInflight', async () => {
    const url = await t.createQueue('not-inflight');
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'a' }));
    const [message] = await receive(url, { VisibilityTimeout: 0 });
    const error = await errorOf(
      t.sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: url,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 10,
        }),
      ),
    );
    expect(error).toBeInstanceOf(MessageNotInflight);
  });
});
