import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LaunchedStack, launchStack } from './support/launched-stack';
import { uploadFixture } from './support/upload-fixture';
import { eventually, readJson, tempDataDir } from './support/test-env';

const KEY = { QUEUE_ACCESS_KEY_ID: 'stack-queue-key', QUEUE_SECRET_ACCESS_KEY: 'stack-queue-secret' };

describe('the self-hosted stack with a queue key pair (QUEUE_ACCESS_KEY_ID / QUEUE_SECRET_ACCESS_KEY)', () => {
  const data = tempDataDir('stack-key');
  let stack: LaunchedStack & { ports: { api: number; queue: number; worker: number } };

  beforeAll(async () => {
    stack = await launchStack(data.dir, undefined, KEY);
  });

  afterAll(async () => {
    await stack?.stop();
    data.remove();
  });

  it('when the queue checks signatures, then the API and the worker sign with the pair and a job completes', async () => {
    const worker = await fetch(`http://127.0.0.1:${stack.ports.worker}/health`);
    expect(worker.status).toBe(200);
    const imageUrl = await uploadFixture(stack.api, 'coffee.png');
    const submitted = await fetch(`${stack.api}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imageUrls: [imageUrl] }),
    });
    expect(submitted.status).toBe(202);
    const { jobId } = await readJson(submitted);
    const job = await eventually(async () => {
      const body = await readJson(await fetch(`${stack.api}/jobs/${jobId}`));
      return body.status === 'COMPLETED' || body.status === 'FAILED' ? body : undefined;
    }, 60_000);
    expect(job.status).toBe('COMPLETED');
  });

  it('when a request to the queue is not signed with the pair, then the queue refuses it with 403', async () => {
    const unsigned = await fetch(`http://127.0.0.1:${stack.ports.queue}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AmazonSQS.ListQueues' },
      body: '{}',
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-query-error')).toBe('MissingAuthenticationToken;Sender');
  });
});
