import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { useTestServer } from './support/test-server';

describe('queue URLs', () => {
  const t = useTestServer();

  it('when a client has no endpoint, then the SDK follows the QueueUrl to this server', async () => {
    const url = await t.createQueue('reachable');
    const bare = new SQSClient({
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await bare.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'found you' }));
    const { Messages = [] } = await bare.send(new ReceiveMessageCommand({ QueueUrl: url }));
    expect(Messages[0]?.Body).toBe('found you');
    bare.destroy();
  });

  it('when a request reaches the server under another host name, then queue URLs use that host', async () => {
    const body = JSON.stringify({ QueueName: 'reachable' });
    const answer = await new Promise<string>((resolve, reject) => {
      const req = request(
        `${t.server.endpoint}/`,
        {
          method: 'POST',
          headers: {
            host: 'queue.internal:9324',
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'AmazonSQS.GetQueueUrl',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => (text += chunk));
          res.on('end', () => resolve(text));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(JSON.parse(answer)).toEqual({ QueueUrl: 'http://queue.internal:9324/000000000000/reachable' });
  });
});
