import {
  GetQueueAttributesCommand,
  PurgeQueueCommand,
  PurgeQueueInProgress,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startTestServer, type TestServer } from './support/test-server';

describe('purge and retention', () => {
  let t: TestServer;
  afterEach(() => t.stop());

  it('when a queue is purged, then its messages are gone and a second purge within 60 s is PurgeQueueInProgress', async () => {
    t = await startTestServer();
    const url = await t.createQueue('purged');
    for (let i = 0; i < 5; i++) await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: `m${i}` }));
    await t.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    expect((await t.sqs.send(new ReceiveMessageCommand({ QueueUrl: url }))).Messages).toBeUndefined();
    const error = await errorOf(t.sqs.send(new PurgeQueueCommand({ QueueUrl: url })));
    expect(error).toBeInstanceOf(PurgeQueueInProgress);
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('when a message is older than MessageRetentionPeriod, then it is deleted and never delivered', async () => {
    t = await startTestServer();
    const url = await t.createQueue('retained', { MessageRetentionPeriod: '60' });
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'old' }));
    await t.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'new' }));
    await t.server.close();
    // Age one stored message by 61 s instead of waiting a minute: the server reads it back as it finds it on disk.
    const db = new Database(join(t.dataDir, 'queue.sqlite'));
    db.prepare("UPDATE messages SET sent_at = sent_at - 61000 WHERE body = 'old'").run();
    db.close();
    const dataDir = t.dataDir;
    t = await startTestServer(dataDir);
    const { Messages = [] } = await t.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url.replace(/http:\/\/[^/]+/, t.server.endpoint),
        MaxNumberOfMessages: 10,
      }),
    );
    expect(Messages.map((m) => m.Body)).toEqual(['new']);
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: `${t.server.endpoint}/000000000000/retained`,
        AttributeNames: ['All'],
      }),
    );
    expect(
      Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible),
    ).toBe(1);
  });
});
