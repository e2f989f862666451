import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqsServer } from '@app/sqs-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { newClient, useTestServer } from './support/test-server';

/** A JSON-protocol request with a Host header of our choosing (fetch would not let us set it). */
function postWithHost(endpoint: string, host: string, target: string, body: object) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      `${endpoint}/`,
      { method: 'POST', headers: { host, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target } },
      (res) => {
        let text = '';
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

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

  it('when a request names another host (DNS rebinding), then 403 AccessDenied and the host is not echoed', async () => {
    await t.createQueue('rebound');
    const { status, text } = await postWithHost(t.server.endpoint, 'evil.example:9324', 'AmazonSQS.GetQueueUrl', {
      QueueName: 'rebound',
    });
    expect(status).toBe(403);
    expect(JSON.parse(text).__type).toBe('com.amazonaws.sqs#AccessDenied');
    expect(text).not.toContain('evil.example');
  });

  it('when the request uses localhost instead of 127.0.0.1, then it is served and the URL still names the listen address', async () => {
    await t.createQueue('loopback');
    const { status, text } = await postWithHost(
      t.server.endpoint,
      `localhost:${t.server.port}`,
      'AmazonSQS.GetQueueUrl',
      { QueueName: 'loopback' },
    );
    expect(status).toBe(200);
    expect(JSON.parse(text)).toEqual({ QueueUrl: `${t.server.endpoint}/000000000000/loopback` });
  });

  it('when QUEUE_BASE_URL is set, then queue URLs use it and its host is accepted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sqs-base-url-'));
    const server = await startSqsServer({ port: 0, dataDir, baseUrl: 'https://queue.internal/' });
    const sqs = newClient(server.endpoint);
    try {
      // The listen address is still accepted: the SDK here talks to 127.0.0.1:<port>.
      const direct = await sqs.send(new CreateQueueCommand({ QueueName: 'direct' }));
      expect(direct.QueueUrl).toBe('https://queue.internal/000000000000/direct');
      const { status, text } = await postWithHost(server.endpoint, 'queue.internal:443', 'AmazonSQS.CreateQueue', {
        QueueName: 'proxied',
      });
      expect(status).toBe(200);
      expect(JSON.parse(text)).toEqual({ QueueUrl: 'https://queue.internal/000000000000/proxied' });
      const other = await postWithHost(server.endpoint, 'queue.external', 'AmazonSQS.ListQueues', {});
      expect(other.status).toBe(403);
    } finally {
      sqs.destroy();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
