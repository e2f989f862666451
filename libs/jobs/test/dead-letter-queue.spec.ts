import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { startSqsServer } from '@app/sqs-server';
import { messagesIn } from '../../../test/support/queue-depth';
import { tempDataDir } from '../../../test/support/test-env';
import { DeadLetterQueue, offersMoveTasks } from '../src/adapters/sqs/dead-letter-queue';
import { encodeJobMessage } from '../src/domain/job-message';

describe('which endpoints redrive with a message move task', () => {
  it('when the dead-letter queue is on Amazon SQS, then its move task is used', () => {
    expect(offersMoveTasks('https://sqs.eu-west-1.amazonaws.com/123456789012/jobs-dlq')).toBe(true);
    expect(offersMoveTasks('https://sqs.cn-north-1.amazonaws.com.cn/123456789012/jobs-dlq')).toBe(true);
  });

  it('when it is on the project’s queue server or an emulator, then messages are copied back instead', () => {
    expect(offersMoveTasks('http://127.0.0.1:9324/000000000000/jobs-dlq')).toBe(false);
    expect(offersMoveTasks('http://localhost:5000/123456789012/jobs-dlq')).toBe(false);
    expect(offersMoveTasks('https://sqs.eu-west-1.amazonaws.com.evil.example/1/jobs-dlq')).toBe(false);
  });
});

describe('redrive when the jobs queue refuses the messages', () => {
  it('when sending back fails, then redrive fails and every message is still on the dead-letter queue', async () => {
    const data = tempDataDir('dlq-refused');
    const server = await startSqsServer({ dataDir: data.dir, port: 0 });
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    try {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'refused-dlq' }));
      for (const jobId of ['job-1', 'job-2', 'job-3'])
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: encodeJobMessage({ jobId }) }));
      // The jobs queue it names does not exist: every SendMessageBatch is refused.
      const dlq = new DeadLetterQueue(sqs, QueueUrl!, `${server.endpoint}/000000000000/no-such-queue`);
      await expect(dlq.redrive()).rejects.toThrow(/does not exist/);
      expect(await messagesIn(sqs, QueueUrl!)).toBe(3);
    } finally {
      sqs.destroy();
      await server.close();
      data.remove();
    }
  });
});
