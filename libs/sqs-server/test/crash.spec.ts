import {
  DeleteMessageCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  CreateQueueCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/support/test-env';
import { exited, startQueueProcess } from './support/queue-process';
import { newClient } from './support/test-server';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function drain(endpoint: string, name: string): Promise<string[]> {
  const sqs = newClient(endpoint);
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const ids: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
    );
    if (Messages.length === 0) break;
    ids.push(...Messages.map((message) => message.MessageId as string));
  }
  sqs.destroy();
  return ids;
}

describe('crash safety (kill -9 of the queue process)', () => {
  const { dir: dataDir, remove } = tempDataDir('sqs-crash');
  afterAll(remove);

  it('when the server is killed mid-stream and restarted, then every acknowledged send is there and no acknowledged delete comes back', async () => {
    const first = await startQueueProcess(dataDir);
    const sqs = newClient(first.endpoint);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '1' } }),
    );
    const acknowledged = new Set<string>();
    const deleted = new Set<string>();
    // Deleted before the crash: must never be delivered again.
    for (let i = 0; i < 20; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `gone${i}` }));
    for (let i = 0; i < 2; i++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
      for (const message of Messages) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
        deleted.add(message.MessageId as string);
      }
    }
    expect(deleted.size).toBe(20);
    // In flight at the crash: must come back once its visibility times out.
    await sqs
      .send(new SendMessageCommand({ QueueUrl, MessageBody: 'in flight' }))
      .then((r) => acknowledged.add(r.MessageId as string));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    let stop = false;
    const writer = async (batch: boolean) => {
      while (!stop) {
        try {
          if (batch) {
            const entries = Array.from({ length: 10 }, (_, i) => ({ Id: `e${i}`, MessageBody: `batch ${i}` }));
            const result = await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
            for (const entry of result.Successful ?? []) acknowledged.add(entry.MessageId as string);
          } else {
            acknowledged.add(
              (await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'single' }))).MessageId as string,
            );
          }
        } catch {
          return; // the server is gone: whatever was not acknowledged may be lost
        }
      }
    };
    const writers = [writer(false), writer(false), writer(true), writer(true)];
    while (acknowledged.size < 1500) await sleep(10);
    first.child.kill('SIGKILL');
    await exited(first.child);
    stop = true;
    await Promise.all(writers);
    sqs.destroy();
    await sleep(1100);

    const second = await startQueueProcess(dataDir);
    try {
      const recovered = await drain(second.endpoint, 'durable');
      const missing = [...acknowledged].filter((id) => !recovered.includes(id));
      expect(missing).toEqual([]);
      expect(recovered.filter((id) => deleted.has(id))).toEqual([]);
      expect(new Set(recovered).size).toBe(recovered.length);
    } finally {
      second.child.kill('SIGTERM');
      expect(await exited(second.child)).toBe(0);
    }
  });
});
