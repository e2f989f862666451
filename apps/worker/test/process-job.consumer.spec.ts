import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Message } from '@aws-sdk/client-sqs';
import { Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CancelJobCommand,
  CancelJobUseCase,
  createSqsClient,
  decodeWebhookMessage,
  encodeJobMessage,
  EnqueueWebhookCommand,
  EnqueueWebhookUseCase,
  FailDeadLetteredJobUseCase,
  JobStatus,
  JobStore,
  newJob,
  ProcessJobCommand,
  ProcessJobUseCase,
} from '@app/jobs';
import { SqsWebhookQueue } from '../../../libs/jobs/src/adapters/sqs/sqs-webhook-queue';
import { OnnxImageDetector } from '../../../libs/jobs/src/adapters/onnx/onnx-image-detector';
import { createTestDetector, startUseCaseParts, UseCaseParts } from '../../../libs/jobs/test/support/use-case-parts';
import { FIXTURES } from '../../../test/support/test-env';
import { DeadLetterConsumer } from '../src/dead-letter.consumer';
import { WorkerMetrics } from '../src/metrics/worker-metrics';
import { ProcessJobConsumer } from '../src/process-job.consumer';

Logger.overrideLogger(false);

/** The real SQLite store, with the ids of the jobs read through it (`get`) written down. */
function countingGets(store: JobStore): { store: JobStore; gets: string[] } {
  const gets: string[] = [];
  const counting = Object.create(store) as JobStore;
  counting.get = (jobId) => {
    gets.push(jobId);
    return store.get(jobId);
  };
  return { store: counting, gets };
}

/**
 * The worker's job and dead-letter consumers built by hand on real parts (SQLite, the queue server's webhooks queue,
 * file storage, the ONNX detector), the webhook enqueue on a store that counts its reads: when a job ends, the
 * enqueue uses the job the run just wrote or read, and reads the store only when the run does not hold the job.
 */
describe('ProcessJobConsumer and DeadLetterConsumer: the webhook of a job that ends', () => {
  let parts: UseCaseParts;
  let detector: OnnxImageDetector;
  let sqs: SQSClient;
  let webhooksUrl: string;
  let enqueueReads: string[];
  let consumer: ProcessJobConsumer;
  let enqueueWebhook: EnqueueWebhookUseCase;
  let nextId = 0;

  const submitted = async (callbackUrl?: string) => {
    const jobId = `job-${++nextId}`;
    await parts.store.create(newJob({ jobId, imageUrls: [parts.url('uploads/chelsea.png')], callbackUrl }, new Date()));
    return jobId;
  };
  const messageOf = (jobId: string): Message => ({
    MessageId: `m-${jobId}`,
    Body: encodeJobMessage({ jobId, requestId: `req-${jobId}` }),
    Attributes: { ApproximateReceiveCount: '1' },
  });
  /** The webhook attempts queued, taken off the queue. */
  const queuedWebhooks = async () => {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: webhooksUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    for (const m of Messages)
      await sqs.send(new DeleteMessageCommand({ QueueUrl: webhooksUrl, ReceiptHandle: m.ReceiptHandle }));
    return Messages.map((m) => decodeWebhookMessage(m.Body));
  };

  beforeAll(async () => {
    parts = await startUseCaseParts('process-job-consumer');
    await parts.storage.write('uploads/chelsea.png', readFileSync(join(FIXTURES, 'chelsea.png')), {
      contentType: 'image/png',
    });
    detector = await createTestDetector(parts.config);
    sqs = createSqsClient(parts.options.queue);
    ({ QueueUrl: webhooksUrl } = (await sqs.send(new CreateQueueCommand({ QueueName: 'hooks' }))) as {
      QueueUrl: string;
    });
    const counting = countingGets(parts.store);
    enqueueReads = counting.gets;
    enqueueWebhook = new EnqueueWebhookUseCase(counting.store, new SqsWebhookQueue(sqs, webhooksUrl));
    const processJob = new ProcessJobUseCase(parts.store, parts.storage, detector, parts.options.process);
    consumer = new ProcessJobConsumer(processJob, 60, new WorkerMetrics(), enqueueWebhook);
  });
  beforeEach(async () => {
    enqueueReads.length = 0;
    await queuedWebhooks();
  });
  afterAll(async () => {
    sqs?.destroy();
    await detector?.onModuleDestroy();
    await parts?.close();
  });

  it('when a job with a webhook completes, then its first attempt is queued without reading the job again', async () => {
    const jobId = await submitted('http://receiver.test/hook');
    await consumer.handle(messageOf(jobId));

    expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(await queuedWebhooks()).toEqual([
      { jobId, attempt: 1, firstAttemptAt: expect.any(String), requestId: `req-${jobId}` },
    ]);
    expect(enqueueReads).toEqual([]);
  });

  it('when a job without a webhook completes, then nothing is queued and nothing read', async () => {
    const jobId = await submitted();
    await consumer.handle(messageOf(jobId));

    expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.COMPLETED });
    expect(await queuedWebhooks()).toEqual([]);
    expect(enqueueReads).toEqual([]);
  });

  it('when the message of a job cancelled by its owner comes, then its webhook is queued from the job the run read', async () => {
    const jobId = await submitted('http://receiver.test/hook');
    await new CancelJobUseCase(parts.store, parts.queue).execute(new CancelJobCommand(jobId, 'default'));
    await consumer.handle(messageOf(jobId));

    expect(await queuedWebhooks()).toEqual([expect.objectContaining({ jobId, attempt: 1 })]);
    expect(enqueueReads).toEqual([]);
  });

  it('when the worker died between a job end and the enqueue, then the message coming back queues the webhook', async () => {
    const jobId = await submitted('http://receiver.test/hook');
    // The run ended the job, and the worker died before it queued the webhook: the message was not acknowledged.
    await new ProcessJobUseCase(parts.store, parts.storage, detector, parts.options.process).execute(
      new ProcessJobCommand(jobId, 1),
    );
    expect(await queuedWebhooks()).toEqual([]);

    await consumer.handle(messageOf(jobId));
    expect(await queuedWebhooks()).toEqual([expect.objectContaining({ jobId, attempt: 1 })]);
    expect(enqueueReads).toEqual([]);
  });

  it('when a job is dead-lettered, then it is marked FAILED and its webhook queued from the job just written', async () => {
    const jobId = await submitted('http://receiver.test/hook');
    const deadLetters = new DeadLetterConsumer(
      new FailDeadLetteredJobUseCase(parts.store, parts.options.process),
      enqueueWebhook,
    );
    await deadLetters.handle(messageOf(jobId));

    expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.FAILED });
    expect(await queuedWebhooks()).toEqual([expect.objectContaining({ jobId, attempt: 1 })]);
    expect(enqueueReads).toEqual([]);
  });

  it('when the caller holds no ended job, then the enqueue reads it, and queues only a webhook still due', async () => {
    const jobId = await submitted('http://receiver.test/hook');
    await consumer.handle(messageOf(jobId));
    await queuedWebhooks();
    enqueueReads.length = 0;

    expect(await enqueueWebhook.execute(new EnqueueWebhookCommand(jobId))).toBe(true);
    expect(enqueueReads).toEqual([jobId]);
    await parts.store.recordWebhookAttempt(jobId, { status: 'delivered', attempts: 1 }, 0);
    expect(await enqueueWebhook.execute(new EnqueueWebhookCommand(jobId))).toBe(false);
    expect(enqueueReads).toEqual([jobId, jobId]);
  });
});
