import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../src/adapters/http/http-webhook-sender';
import { createSqsClient } from '../src/adapters/sqs/sqs-client.factory';
import { SqsWebhookQueue } from '../src/adapters/sqs/sqs-webhook-queue';
import { newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';
import { decodeWebhookMessage, WebhookMessage } from '../src/domain/webhook-message';
import { WebhookOptions } from '../src/jobs.options';
import { DeliverWebhookUseCase } from '../src/use-cases/deliver-webhook/deliver-webhook.use-case';
import {
  EnqueueWebhookCommand,
  EnqueueWebhookUseCase,
} from '../src/use-cases/enqueue-webhook/enqueue-webhook.use-case';
import { startUseCaseParts, UseCaseParts } from './support/use-case-parts';
import { startWebhookReceiver } from './support/webhook-receiver';

/** The use cases on a real SQLite store, a real webhooks queue (the project's queue server) and a real receiver. */
describe('EnqueueWebhookUseCase and DeliverWebhookUseCase', () => {
  let parts: UseCaseParts;
  let sqs: SQSClient;
  let queueUrl: string;
  let receiver: Awaited<ReturnType<typeof startWebhookReceiver>> | undefined;
  const options: WebhookOptions = {
    queueUrl: '',
    signingSecret: 'a-master-secret-of-at-least-32-characters',
    timeoutSeconds: 2,
    allowPrivate: true,
    httpsOnly: false,
    retrySeconds: 3600,
    backoffBaseSeconds: 5,
    backoffMaxSeconds: 900,
  };
  const sender = new HttpWebhookSender({ timeoutMs: 2000, allowPrivate: true, httpsOnly: false });
  const deliver = (overrides: Partial<WebhookOptions> = {}) =>
    new DeliverWebhookUseCase(
      parts.store,
      new SqsWebhookQueue(sqs, queueUrl),
      sender,
      { ...options, ...overrides },
      (upTo) => upTo, // the longest delay: deterministic
    );
  /** Messages on the webhooks queue, taken off it, with their delay as sent. */
  const drain = async (): Promise<WebhookMessage[]> => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    for (const m of Messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    return Messages.map((m) => decodeWebhookMessage(m.Body)!);
  };
  const endedJob = async (callbackUrl: string, status = JobStatus.COMPLETED) => {
    const job = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'], callbackUrl }, new Date());
    await parts.store.create(job);
    if (status === JobStatus.CANCELLED) {
      await parts.store.transition(job.jobId, { to: JobStatus.CANCELLED, at: new Date() });
    } else {
      await parts.store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
      await parts.store.transition(job.jobId, { to: status, at: new Date(), results: [] });
    }
    return job.jobId;
  };

  beforeAll(async () => {
    parts = await startUseCaseParts('deliver-webhook');
    sqs = createSqsClient(parts.options.queue);
    ({ QueueUrl: queueUrl } = (await sqs.send(new CreateQueueCommand({ QueueName: 'hooks' }))) as { QueueUrl: string });
  });
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
    await drain();
  });
  afterAll(async () => {
    sqs?.destroy();
    await parts?.close();
  });

  it('when a job has not ended, or has no webhook, then nothing is queued; once it ends, attempt 1 is queued once', async () => {
    const enqueue = new EnqueueWebhookUseCase(parts.store, new SqsWebhookQueue(sqs, queueUrl));
    const running = newJob(
      { jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'], callbackUrl: 'http://x/' },
      new Date(),
    );
    await parts.store.create(running);
    expect(await enqueue.execute(new EnqueueWebhookCommand(running.jobId))).toBe(false);
    const plain = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'] }, new Date());
    await parts.store.create(plain);
    await parts.store.transition(plain.jobId, { to: JobStatus.CANCELLED, at: new Date() });
    expect(await enqueue.execute(new EnqueueWebhookCommand(plain.jobId))).toBe(false);

    const cancelled = await endedJob('http://x/', JobStatus.CANCELLED);
    expect(await enqueue.execute(new EnqueueWebhookCommand(cancelled, 'req-1'))).toBe(true);
    expect(await drain()).toEqual([
      { jobId: cancelled, attempt: 1, firstAttemptAt: expect.any(String), requestId: 'req-1' },
    ]);
  });

  it('when an attempt fails, then it is recorded and the next is queued with the backoff delay', async () => {
    receiver = await startWebhookReceiver((_r, response) => response.writeHead(503).end());
    const jobId = await endedJob(receiver.url());
    const message = { jobId, attempt: 1, firstAttemptAt: new Date().toISOString() };
    expect(await deliver({ backoffBaseSeconds: 0 }).execute(message)).toBe('retry-scheduled');
    expect((await parts.store.get(jobId))?.webhook).toEqual({
      status: 'delivering',
      attempts: 1,
      lastError: 'HTTP 503',
    });
    expect(await drain()).toEqual([{ ...message, attempt: 2 }]);
  });

  it('when the same attempt message comes twice, then the receiver is called once and one next attempt is queued', async () => {
    receiver = await startWebhookReceiver((_r, response) => response.writeHead(500).end());
    const jobId = await endedJob(receiver.url());
    const message = { jobId, attempt: 1, firstAttemptAt: new Date().toISOString() };
    const useCase = deliver({ backoffBaseSeconds: 0 });
    expect(await useCase.execute(message)).toBe('retry-scheduled');
    await drain();
    // The redelivery of attempt 1 after its record and its successor's enqueue: no second POST.
    expect(await useCase.execute(message)).toBe('duplicate');
    expect(receiver.received).toHaveLength(1);
    // A worker that died after recording attempt 1 but before queueing attempt 2 is covered: the redelivery queues it.
    expect(await drain()).toEqual([{ ...message, attempt: 2 }]);
  });

  it('when the retry window would end before the next attempt, then the webhook is marked failed and nothing is queued', async () => {
    receiver = await startWebhookReceiver((_r, response) => response.writeHead(502).end());
    const jobId = await endedJob(receiver.url());
    const firstAttemptAt = new Date(Date.now() - 3590 * 1000).toISOString();
    expect(await deliver().execute({ jobId, attempt: 3, firstAttemptAt })).toBe('duplicate'); // attempts 1 and 2 never recorded
    await parts.store.recordWebhookAttempt(jobId, { status: 'delivering', attempts: 2, lastError: 'HTTP 502' }, 0);
    // Attempt 3's backoff ceiling is 5 x 2^2 = 20 s, past the 3600 s window that ends in 10 s.
    expect(await deliver().execute({ jobId, attempt: 3, firstAttemptAt })).toBe('failed');
    expect((await parts.store.get(jobId))?.webhook).toEqual({ status: 'failed', attempts: 3, lastError: 'HTTP 502' });
    expect(await drain()).toEqual([]);
  });

  it('when backoff grows, then the delay ceiling doubles per attempt and stops at the maximum', async () => {
    receiver = await startWebhookReceiver((_r, response) => response.writeHead(500).end());
    const delays: number[] = [];
    for (const attempt of [1, 2, 3, 8, 20]) {
      const jobId = await endedJob(receiver.url());
      if (attempt > 1)
        await parts.store.recordWebhookAttempt(jobId, { status: 'delivering', attempts: attempt - 1 }, 0);
      const useCase = new DeliverWebhookUseCase(
        parts.store,
        new SqsWebhookQueue(sqs, queueUrl),
        sender,
        options,
        (upTo) => {
          delays.push(upTo);
          return 0;
        },
      );
      await useCase.execute({ jobId, attempt, firstAttemptAt: new Date().toISOString() });
    }
    expect(delays).toEqual([5, 10, 20, 640, 900]);
  });

  it('when no signing secret is configured, then the attempt fails without a request and says why', async () => {
    receiver = await startWebhookReceiver();
    const jobId = await endedJob(receiver.url());
    await deliver({ signingSecret: undefined }).execute({
      jobId,
      attempt: 1,
      firstAttemptAt: new Date().toISOString(),
    });
    expect((await parts.store.get(jobId))?.webhook).toMatchObject({
      attempts: 1,
      lastError: 'no webhook signing secret is configured',
    });
    expect(receiver.received).toHaveLength(0);
  });
});
