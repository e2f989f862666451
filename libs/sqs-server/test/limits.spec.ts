import {
  BatchEntryIdsNotDistinct,
  BatchRequestTooLong,
  DeleteMessageBatchCommand,
  EmptyBatchRequest,
  GetQueueAttributesCommand,
  InvalidBatchEntryId,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  TooManyEntriesInBatchRequest,
} from '@aws-sdk/client-sqs';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

describe('limits', () => {
  const t = useTestServer();
  let url: string;
  beforeAll(async () => (url = await t.createQueue('limits')));

  const entries = (n: number, size = 1) =>
    Array.from({ length: n }, (_, i) => ({ Id: `e${i}`, MessageBody: 'x'.repeat(size) }));

  it('when a message is exactly 1 MiB, then it is accepted; one byte more, then InvalidParameterValue', async () => {
    const ok = await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1048576) }));
    expect(ok.MessageId).toBeDefined();
    const error = await errorOf(
      t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'x'.repeat(1048577) })),
    );
    expect(error.name).toBe('InvalidParameterValue');
  });

  it('when MaximumMessageSize is lowered, then attributes count towards it', async () => {
    const small = await t.createQueue('small', { MaximumMessageSize: '1024' });
    await t.sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: 'x'.repeat(1024) }));
    const error = await errorOf(
      t.sqs.send(
        new SendMessageCommand({
          QueueUrl: small,
          MessageBody: 'x'.repeat(1020),
          MessageAttributes: { key: { DataType: 'String', StringValue: 'v' } },
        }),
      ),
    );
    expect(error.name).toBe('InvalidParameterValue');
    const bad = await errorOf(
      t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: small, Attributes: { MaximumMessageSize: '1023' } })),
    );
    expect(bad.name).toBe('InvalidAttributeValue');
  });

  it('when a batch is empty, too long, has repeated or malformed ids, then the batch error SQS defines', async () => {
    expect(await errorOf(t.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [] })))).toBeInstanceOf(
      EmptyBatchRequest,
    );
    const tooMany = await errorOf(t.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries(11) })));
    expect(tooMany).toBeInstanceOf(TooManyEntriesInBatchRequest);
    expect(tooMany.Code).toBe('AWS.SimpleQueueService.TooManyEntriesInBatchRequest');
    const repeated = [
      { Id: 'same', MessageBody: 'a' },
      { Id: 'same', MessageBody: 'b' },
    ];
    expect(await errorOf(t.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: repeated })))).toBeInstanceOf(
      BatchEntryIdsNotDistinct,
    );
    const badId = [{ Id: 'bad id!', MessageBody: 'a' }];
    expect(await errorOf(t.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: badId })))).toBeInstanceOf(
      InvalidBatchEntryId,
    );
    expect(await errorOf(t.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] })))).toBeInstanceOf(
      EmptyBatchRequest,
    );
  });

  it('when a batch carries more than 1 MiB in total, then BatchRequestTooLong and nothing is stored', async () => {
    const big = await t.createQueue('big-batch');
    const error = await errorOf(
      t.sqs.send(new SendMessageBatchCommand({ QueueUrl: big, Entries: entries(2, 600_000) })),
    );
    expect(error).toBeInstanceOf(BatchRequestTooLong);
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: big, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });
});
