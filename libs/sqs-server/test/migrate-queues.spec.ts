import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from './support/test-server';

describe('databases from before queues lived per account and region', () => {
  it('when the server opens one, then its queues keep their URLs, ARNs and messages', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sqs-migrate-'));
    const old = new Database(join(dataDir, 'queue.sqlite'));
    old.exec(`CREATE TABLE queues (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, attributes TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '{}', created_at INTEGER NOT NULL, modified_at INTEGER NOT NULL,
      purged_at INTEGER NOT NULL DEFAULT 0)`);
    old.exec(`CREATE TABLE messages (id INTEGER PRIMARY KEY, queue_id INTEGER NOT NULL, message_id TEXT NOT NULL,
      body TEXT NOT NULL, md5_body TEXT NOT NULL, attributes TEXT, md5_attributes TEXT, system_attributes TEXT,
      md5_system_attributes TEXT, sender_id TEXT NOT NULL, sent_at INTEGER NOT NULL, visible_at INTEGER NOT NULL,
      receive_count INTEGER NOT NULL DEFAULT 0, first_received_at INTEGER, receipt TEXT, group_id TEXT,
      dedup_id TEXT, sequence_number TEXT, dlq_source TEXT)`);
    const now = Date.now();
    old
      .prepare('INSERT INTO queues (id, name, attributes, created_at, modified_at) VALUES (7, ?, ?, ?, ?)')
      .run('image-processing-queue', '{"VisibilityTimeout":"60"}', now, now);
    old
      .prepare(
        `INSERT INTO messages (queue_id, message_id, body, md5_body, sender_id, sent_at, visible_at)
        VALUES (7, 'm-1', 'kept', ?, '000000000000', ?, ?)`,
      )
      .run(createHash('md5').update('kept').digest('hex'), now, now);
    old.close();

    const t = await startTestServer(dataDir);
    try {
      const { QueueUrl } = await t.sqs.send(new GetQueueUrlCommand({ QueueName: 'image-processing-queue' }));
      expect(QueueUrl).toBe(`${t.server.endpoint}/000000000000/image-processing-queue`);
      const { Attributes } = await t.sqs.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn', 'VisibilityTimeout'] }),
      );
      expect(Attributes).toEqual({
        QueueArn: 'arn:aws:sqs:us-east-1:000000000000:image-processing-queue',
        VisibilityTimeout: '60',
      });
      const { Messages = [] } = await t.sqs.send(new ReceiveMessageCommand({ QueueUrl }));
      expect(Messages.map((message) => message.Body)).toEqual(['kept']);
    } finally {
      await t.stop();
    }
  });
});
