import {
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

describe('FIFO queues', () => {
  const t = useTestServer();

  const receive = (url: string, max = 10) =>
    t.sqs
      .send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: max, MessageSystemAttributeNames: ['All'] }),
      )
      .then((r) => r.Messages ?? []);

  it('when messages share a group, then they come in order and the group is blocked while one is in flight', async () => {
    const url = await t.createQueue('orders.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: ['a1', 'a2', 'a3'].map((body, i) => ({ Id: `e${i}`, MessageBody: body, MessageGroupId: 'a' })),
      }),
    );
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'b1', MessageGroupId: 'b' }));
    const first = await receive(url, 2);
    expect(first.map((m) => m.Body)).toEqual(['a1', 'a2']);
    expect(first[0].Attributes?.MessageGroupId).toBe('a');
    expect(BigInt(first[1].Attributes?.SequenceNumber ?? 0) > BigInt(first[0].Attributes?.SequenceNumber ?? 0)).toBe(
      true,
    );
    const second = await receive(url);
    expect(second.map((m) => m.Body)).toEqual(['b1']);
    for (const message of first)
      await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle }));
    expect((await receive(url)).map((m) => m.Body)).toEqual(['a3']);
  });

  it('when a long poll waits on a held group, then deleting the in-flight message releases the next one to it', async () => {
    const url = await t.createQueue('held.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    for (const body of ['first', 'second'])
      await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body, MessageGroupId: 'g' }));
    const [first] = await receive(url, 1);
    const parked = t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 5 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await t.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: first.ReceiptHandle }));
    expect((await parked).Messages?.map((m) => m.Body)).toEqual(['second']);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('when the same deduplication id is sent twice within 5 minutes, then only one message is stored', async () => {
    const url = await t.createQueue('dedup.fifo', { FifoQueue: 'true' });
    const one = await t.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }),
    );
    const two = await t.sqs.send(
      new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', MessageDeduplicationId: 'd1' }),
    );
    expect(two.MessageId).toBe(one.MessageId);
    expect(two.SequenceNumber).toBe(one.SequenceNumber);
    expect(await receive(url)).toHaveLength(1);
  });

  it('when a FIFO send lacks a group id or a deduplication id, then MissingParameter or InvalidParameterValue', async () => {
    const url = await t.createQueue('strict.fifo', { FifoQueue: 'true' });
    expect((await errorOf(t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x' })))).name).toBe(
      'MissingParameter',
    );
    const noDedup = await errorOf(
      t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g' })),
    );
    expect(noDedup.name).toBe('InvalidParameterValue');
    // A FIFO queue's name must end in .fifo (InvalidParameterValue, the wording SQS uses for names).
    expect((await errorOf(t.createQueue('plain', { FifoQueue: 'true' }))).message).toMatch(
      /must end with \.fifo suffix/,
    );
  });

  it('when a FIFO batch is valid, then every entry is listed under Successful with a sequence number', async () => {
    const url = await t.createQueue('batch-ok.fifo', { FifoQueue: 'true' });
    const answer = await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: ['a', 'b', 'c'].map((id) => ({
          Id: id,
          MessageBody: id,
          MessageGroupId: 'g',
          MessageDeduplicationId: id,
        })),
      }),
    );
    expect(answer.Successful?.map((entry) => entry.Id)).toEqual(['a', 'b', 'c']);
    expect(answer.Successful?.every((entry) => /^\d+$/.test(entry.SequenceNumber ?? ''))).toBe(true);
    expect(answer.Failed ?? []).toEqual([]);
  });

  it('when FIFO batch entries lack a group id or a deduplication id, then those entries fail alone with their codes', async () => {
    const url = await t.createQueue('batch-strict.fifo', { FifoQueue: 'true' });
    const answer = await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: [
          { Id: 'nogroup', MessageBody: 'x', MessageDeduplicationId: 'd1' },
          { Id: 'nodedup', MessageBody: 'y', MessageGroupId: 'g' },
          { Id: 'fine', MessageBody: 'z', MessageGroupId: 'g', MessageDeduplicationId: 'd3' },
        ],
      }),
    );
    expect(answer.Successful?.map((entry) => entry.Id)).toEqual(['fine']);
    expect(answer.Failed?.map(({ Id, Code, SenderFault }) => ({ Id, Code, SenderFault }))).toEqual([
      { Id: 'nogroup', Code: 'MissingParameter', SenderFault: true },
      { Id: 'nodedup', Code: 'InvalidParameterValue', SenderFault: true },
    ]);
  });

  it('when a FIFO message sets its own DelaySeconds, then InvalidParameterValue naming the value', async () => {
    const url = await t.createQueue('no-delay.fifo', { FifoQueue: 'true', ContentBasedDeduplication: 'true' });
    const error = await errorOf(
      t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 5 })),
    );
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toBe(
      'Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
    );
  });
});
