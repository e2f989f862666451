import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeJobMessage,
  JOB_STORE,
  JobStatus,
  JobStore,
  newJob,
  tenantWebhookSecret,
  verifyWebhookSignature,
} from '@app/jobs';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { startWebhookReceiver } from '../../../libs/jobs/test/support/webhook-receiver';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { eventually, FIXTURES, readJson } from '../../../test/support/test-env';
import { createWorkerApp, shutDownWorker } from '../src/create-worker-app';

/**
 * Webhooks through the real parts: the API (HTTP), the queue server (jobs and webhooks queues), SQLite, the ONNX
 * worker, and a real receiver on 127.0.0.1 (so private addresses are allowed here; their refusal is tested in
 * libs/jobs/test/webhook-sender.spec.ts). Backoff is 0..1 s and the retry window 6 s, so retries and giving up
 * fit in a test.
 */
describe('webhooks (API, queue server, SQLite, worker, real receiver)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let api: NestFastifyApplication;
  let apiUrl: string;
  let worker: NestFastifyApplication;
  let storage: ObjectStorage;
  let store: JobStore;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  let image: string;

  const submit = async (callbackUrl: string) => {
    const response = await fetch(`${apiUrl}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imageUrls: [image], userId: 'hooks', callbackUrl }),
    });
    expect(response.status, JSON.stringify(await response.clone().json())).toBe(202);
    return (await readJson(response)).jobId as string;
  };
  const getJob = async (jobId: string) => readJson(await fetch(`${apiUrl}/jobs/${jobId}`));
  const webhookOf = (jobId: string, status: string) =>
    eventually(async () => {
      const job = await store.get(jobId);
      return job?.webhook?.status === status ? job : undefined;
    }, 30_000);

  beforeAll(async () => {
    backend = await startSelfHostedBackend('webhooks', {
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_TIMEOUT_SECONDS: 1,
      WEBHOOK_BACKOFF_BASE_SECONDS: 1,
      WEBHOOK_BACKOFF_MAX_SECONDS: 1,
      WEBHOOK_RETRY_SECONDS: 6,
    });
    ({ app: api, url: apiUrl } = await startApi(backend.config));
    storage = api.get(OBJECT_STORAGE);
    store = api.get(JOB_STORE);
    await storage.write('uploads/w/cat.png', readFileSync(join(FIXTURES, 'chelsea.png')), {
      contentType: 'image/png',
    });
    image = `s3://${storage.bucket}/uploads/w/cat.png`;
    worker = await createWorkerApp(backend.config);
    await worker.listen(0, '127.0.0.1');
  });

  afterEach(() => receiver?.close());

  afterAll(async () => {
    if (worker) await shutDownWorker(worker);
    await api?.close();
    await backend?.close();
  });

  it('when a job with a callbackUrl completes, then the receiver gets the GET /jobs/{id} document, signed with the tenant secret', async () => {
    receiver = await startWebhookReceiver();
    const jobId = await submit(receiver.url('/hooks/detections?token=abc'));
    const [arrived] = await receiver.until(1);
    expect(arrived.path).toBe('/hooks/detections?token=abc');
    expect(arrived.headers['content-type']).toBe('application/json');

    const secretResponse = await readJson(await fetch(`${apiUrl}/webhooks/secret`));
    expect(secretResponse).toMatchObject({ tenantId: 'default', secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const timestamp = Number(arrived.headers['x-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(60);
    expect(
      verifyWebhookSignature(secretResponse.secret, timestamp, arrived.body, String(arrived.headers['x-signature'])),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        tenantWebhookSecret('other', 'default'),
        timestamp,
        arrived.body,
        String(arrived.headers['x-signature']),
      ),
    ).toBe(false);

    const document = JSON.parse(arrived.body);
    expect(document).toMatchObject({ jobId, status: 'COMPLETED', webhook: { status: 'pending', attempts: 0 } });
    expect(document.detections[0].detections.map((d: { label: string }) => d.label)).toContain('cat');
    // The same shape as GET: the same document, apart from the delivery state that the delivery itself moved on.
    const polled = await eventually(async () => {
      const job = await getJob(jobId);
      return job.webhook?.status === 'delivered' ? job : undefined;
    }, 10_000);
    expect({ ...document, webhook: undefined }).toEqual({ ...polled, webhook: undefined });
    expect(polled.webhook).toEqual({ status: 'delivered', attempts: 1, deliveredAt: expect.any(String) });
    expect(polled.callbackUrl).toBe(receiver.url('/hooks/detections?token=abc'));
  });

  it('when the receiver answers 500 and then 200, then the webhook is retried and the job shows both attempts', async () => {
    receiver = await startWebhookReceiver((_r, response, index) => response.writeHead(index === 0 ? 500 : 200).end());
    const jobId = await submit(receiver.url());
    const job = await webhookOf(jobId, 'delivered');
    expect(job.webhook).toEqual({
      status: 'delivered',
      attempts: 2,
      lastError: 'HTTP 500',
      deliveredAt: expect.any(String),
    });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].body).toContain(jobId);
  });

  it('when the receiver does not answer in time, then the attempt counts as "timeout after 1 s" and a later answer delivers it', async () => {
    receiver = await startWebhookReceiver((_r, response, index) => {
      if (index > 0) response.writeHead(204).end();
    });
    const jobId = await submit(receiver.url());
    expect((await webhookOf(jobId, 'delivered')).webhook).toEqual({
      status: 'delivered',
      attempts: 2,
      lastError: 'timeout after 1 s',
      deliveredAt: expect.any(String),
    });
    expect(receiver.received).toHaveLength(2);
  });

  it('when the receiver redirects, then the redirect is not followed, and after the retry window the webhook is failed', async () => {
    receiver = await startWebhookReceiver((request, response) =>
      request.path === '/hook'
        ? response.writeHead(307, { location: '/elsewhere' }).end()
        : response.writeHead(200).end(),
    );
    const jobId = await submit(receiver.url());
    const job = await webhookOf(jobId, 'failed');
    expect(job.webhook).toMatchObject({ status: 'failed', lastError: 'HTTP 307 (redirects are not followed)' });
    expect(job.webhook!.attempts).toBeGreaterThanOrEqual(2);
    expect(receiver.received.every((r) => r.path === '/hook')).toBe(true);
    expect(receiver.received).toHaveLength(job.webhook!.attempts);
  });

  it('when the callbackUrl is the cloud metadata address, then nothing is sent, each attempt says why, and the webhook ends failed', async () => {
    const jobId = await submit('http://169.254.169.254/latest/meta-data/');
    const job = await webhookOf(jobId, 'failed');
    expect(job.webhook).toMatchObject({
      status: 'failed',
      lastError: 'refused: address 169.254.169.254 is a cloud metadata service',
    });
    expect(job.status).toBe(JobStatus.COMPLETED);
  });

  it('when a PENDING job is cancelled, then its webhook carries the CANCELLED job', async () => {
    receiver = await startWebhookReceiver();
    // Stored and cancelled before its message is sent: the worker finds it CANCELLED when the message comes.
    const job = newJob({ jobId: crypto.randomUUID(), imageUrls: [image], callbackUrl: receiver.url() }, new Date());
    await store.create(job);
    expect((await fetch(`${apiUrl}/jobs/${job.jobId}`, { method: 'DELETE' })).status).toBe(200);
    await backend.sqs.send(
      new SendMessageCommand({
        QueueUrl: backend.config.queue.queueUrl,
        MessageBody: encodeJobMessage({ jobId: job.jobId }),
      }),
    );
    const [arrived] = await receiver.until(1);
    expect(JSON.parse(arrived.body)).toMatchObject({ jobId: job.jobId, status: 'CANCELLED' });
  });

  it('when a worker died after the job ended but before queueing its webhook, then the redelivered job message queues it', async () => {
    receiver = await startWebhookReceiver();
    const job = newJob({ jobId: crypto.randomUUID(), imageUrls: [image], callbackUrl: receiver.url() }, new Date());
    await store.create(job);
    // What the dead worker left behind: the job COMPLETED, its webhook never queued, its message not acknowledged.
    await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
    await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: new Date(), results: [] });
    expect((await store.get(job.jobId))?.webhook).toEqual({ status: 'pending', attempts: 0 });
    await backend.sqs.send(
      new SendMessageCommand({
        QueueUrl: backend.config.queue.queueUrl,
        MessageBody: encodeJobMessage({ jobId: job.jobId }),
      }),
    );
    const [arrived] = await receiver.until(1);
    expect(JSON.parse(arrived.body)).toMatchObject({ jobId: job.jobId, status: 'COMPLETED' });
    expect((await webhookOf(job.jobId, 'delivered')).webhook?.attempts).toBe(1);
  });

  it('when callbackUrl is not an acceptable URL, then POST /process answers 400 naming callbackUrl and the rule', async () => {
    const cases: Array<[unknown, string]> = [
      ['not a url', 'url'],
      ['ftp://hooks.example.com/x', 'scheme'],
      ['https://user:secret@hooks.example.com/x', 'noCredentials'],
      ['/relative/path', 'url'],
      [`https://hooks.example.com/${'a'.repeat(2100)}`, 'maxLength'],
      [42, 'isString'],
    ];
    for (const [callbackUrl, rule] of cases) {
      const response = await fetch(`${apiUrl}/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imageUrls: [image], userId: 'hooks-bad', callbackUrl }),
      });
      const body = await readJson(response);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(body)).toContain('callbackUrl');
      expect(JSON.stringify(body)).toContain(rule);
    }
    expect(await backend.storedJobs('hooks-bad')).toBe(0);
  });
});
