import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, JOB_STORE, JobStatus, JobStore, newJob, SubmitJobCommand, SubmitJobUseCase } from '@app/jobs';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { messagesIn } from '../../../test/support/queue-depth';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { eventually, FIXTURES } from '../../../test/support/test-env';
import { createWorkerApp, shutDownWorker } from '../src/create-worker-app';

describe('worker (real queue server, SQLite, files and the ONNX model)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication | undefined;
  let storage: ObjectStorage;
  let store: JobStore;

  const put = async (key: string, bytes: Buffer, contentType = 'image/png') => {
    await storage.write(key, bytes, { contentType });
    return `s3://${storage.bucket}/${key}`;
  };
  const submit = (imageUrls: string[]) =>
    api.get(SubmitJobUseCase).execute(new SubmitJobCommand(imageUrls, 'worker-test'));
  const finished = (jobId: string) =>
    eventually(async () => {
      const job = await store.get(jobId);
      return job && (job.status === JobStatus.COMPLETED || job.status === JobStatus.FAILED) ? job : undefined;
    }, 60_000);
  const startWorker = async () => {
    worker = await createWorkerApp(backend.config);
    await worker.listen(0, '127.0.0.1');
    return worker;
  };

  beforeAll(async () => {
    backend = await startSelfHostedBackend('worker', {
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: 3,
      QUEUE_HEARTBEAT_SECONDS: 1,
      MAX_RECEIVE_COUNT: 3,
    });
    ({ app: api } = await startApi(backend.config));
    storage = api.get(OBJECT_STORAGE);
    store = api.get(JOB_STORE);
  });

  afterAll(async () => {
    if (worker) await shutDownWorker(worker);
    await api?.close();
    await backend?.close();
  });

  it('when a worker died holding a job, then the message comes back after its visibility timeout and the job completes once', async () => {
    const job = await submit([await put('uploads/t/cat.png', readFileSync(join(FIXTURES, 'chelsea.png')))]);
    // A worker takes the message and the job, then dies without deleting the message.
    const taken = await backend.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: backend.config.queue.queueUrl, VisibilityTimeout: 2, WaitTimeSeconds: 5 }),
    );
    expect(taken.Messages).toHaveLength(1);
    await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });

    await startWorker();
    const done = await finished(job.jobId);
    expect(done.status).toBe(JobStatus.COMPLETED);
    expect(done.attempts).toBe(2);
    expect(done.results?.[0].detections.map((d) => d.label)).toContain('cat');
    await eventually(async () => ((await backend.queuedMessages()) === 0 ? true : undefined), 10_000);
  });

  it('when one image cannot be decoded, then that image carries an error and the job still completes', async () => {
    const job = await submit([
      await put('uploads/t/garbage.png', Buffer.from('this is not an image')),
      await put('uploads/t/cup.png', readFileSync(join(FIXTURES, 'coffee.png'))),
    ]);
    const done = await finished(job.jobId);
    expect(done.status).toBe(JobStatus.COMPLETED);
    expect(done.results?.[0]).toMatchObject({
      imageIndex: 0,
      detections: [],
      detectionCount: 0,
      error: expect.stringMatching(/could not be decoded/),
    });
    expect(done.results?.[1].detections.map((d) => d.label)).toContain('cup');
  });

  it('when every image fails, then the job ends FAILED with a reason and each image its own error', async () => {
    // A truncated JPEG: the right magic bytes, nothing decodable after them.
    const job = await submit([
      await put('uploads/t/truncated.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), 'image/jpeg'),
    ]);
    const done = await finished(job.jobId);
    expect(done.status).toBe(JobStatus.FAILED);
    expect(done.error).toMatch(/all 1 image\(s\) failed/);
    expect(done.results?.[0].error).toBeDefined();
  });

  it('when a message names a job that does not exist, then it is not acknowledged and the worker keeps going', async () => {
    await backend.sqs.send(
      new SendMessageCommand({
        QueueUrl: backend.config.queue.queueUrl,
        MessageBody: JSON.stringify({ jobId: 'no-such-job' }),
      }),
    );
    const job = await submit([await put('uploads/t/after.png', readFileSync(join(FIXTURES, 'astronaut.png')))]);
    const done = await finished(job.jobId);
    expect(done.status).toBe(JobStatus.COMPLETED);
    expect(await backend.queuedMessages()).toBeGreaterThanOrEqual(1);
  });

  it('when a finished job is delivered again, then nothing is rewritten', async () => {
    const finishedJob: Job = {
      ...newJob(
        {
          jobId: '11111111-1111-4111-8111-111111111111',
          imageUrls: ['s3://image-processing-uploads/uploads/none.png'],
        },
        new Date(),
      ),
    };
    await store.create(finishedJob);
    await store.transition(finishedJob.jobId, { to: JobStatus.PROCESSING, at: new Date() });
    const completed = await store.transition(finishedJob.jobId, {
      to: JobStatus.COMPLETED,
      at: new Date(),
      results: [],
    });
    await backend.sqs.send(
      new SendMessageCommand({
        QueueUrl: backend.config.queue.queueUrl,
        MessageBody: JSON.stringify({ jobId: finishedJob.jobId }),
      }),
    );
    const probe = await submit([await put('uploads/t/probe.png', readFileSync(join(FIXTURES, 'chelsea.png')))]);
    await finished(probe.jobId);
    expect(await store.get(finishedJob.jobId)).toEqual(completed);
  });

  it('when a job is dead-lettered, then the worker marks it FAILED with the reason and empties the dead-letter queue', async () => {
    const job = newJob(
      {
        jobId: '22222222-2222-4222-8222-222222222222',
        imageUrls: ['s3://image-processing-uploads/uploads/t/never.png'],
      },
      new Date(),
    );
    await store.create(job);
    await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
    await backend.sqs.send(
      new SendMessageCommand({
        QueueUrl: backend.config.queue.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ jobId: job.jobId }),
      }),
    );

    const failed = await finished(job.jobId);
    expect(failed.status).toBe(JobStatus.FAILED);
    expect(failed.error).toMatch(/gave up after 3 deliveries/);
    const deadLetters = () => messagesIn(backend.sqs, backend.config.queue.deadLetterQueueUrl);
    expect(await eventually(async () => ((await deadLetters()) === 0 ? 0 : undefined), 10_000)).toBe(0);
  });

  it('when the worker is healthy, then its health endpoint says so', async () => {
    const response = await fetch(`${await worker!.getUrl()}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { consumer: 'up', jobStore: 'up', queue: 'up' } });
  });
});
