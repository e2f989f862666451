import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfig } from '@app/config';
import { JOB_STORE, JobStatus, JobStore, newJob, SubmitJobCommand, SubmitJobUseCase } from '@app/jobs';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { initAwsResources } from '../apps/aws-init/src/init-aws-resources';
import { createWorkerApp, shutDownWorker } from '../apps/worker/src/create-worker-app';
import { messagesIn } from './support/queue-depth';
import { MOTO_CREDENTIALS, MOTO_REGION, MotoServer, startMoto, useMotoCredentials } from './support/moto';
import { startApi, startSelfHostedBackend } from './support/self-hosted-services';
import { eventually, FIXTURES, tempDataDir, testConfig } from './support/test-env';

const json = { 'content-type': 'application/json' };
/** Response bodies are checked field by field, so they are typed loosely. */
const bodyOf = async (response: Response | Promise<Response>): Promise<any> => (await response).json();

describe('AWS mode: S3, DynamoDB and SQS adapters against moto, API and worker as they run', () => {
  const data = tempDataDir('aws-mode');
  let moto: MotoServer;
  let config: AppConfig;
  let api: { app: NestFastifyApplication; url: string };
  let worker: NestFastifyApplication;

  const post = (path: string, body: unknown) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) });
  const finished = (jobId: string) =>
    eventually(
      async () => {
        const job = await bodyOf(fetch(`${api.url}/jobs/${jobId}`));
        return job.status === 'COMPLETED' || job.status === 'FAILED' ? job : undefined;
      },
      90_000,
      250,
    );
  const presignedPut = async (filename: string, bytes: Buffer) => {
    const ticket = await bodyOf(post('/uploads/presign', { filename, contentType: 'image/png', size: bytes.length }));
    const put = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes });
    expect(put.status).toBe(200);
    return { url: ticket.url as string, s3Url: `s3://${ticket.bucket}/${ticket.key}` };
  };

  beforeAll(async () => {
    useMotoCredentials();
    moto = await startMoto();
    config = testConfig({
      DATA_DIR: data.dir,
      PORT: 0,
      WORKER_HEALTH_PORT: 0,
      S3_BUCKET: 'aws-mode-uploads',
      S3_FORCE_PATH_STYLE: 'true',
      JOBS_TABLE_NAME: 'aws-mode-jobs',
      SQS_QUEUE_URL: `${moto.endpoint}/123456789012/aws-mode-jobs`,
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_REGION: MOTO_REGION,
    });
    await initAwsResources(config, { log: () => {} });
    api = await startApi(config);
    worker = await createWorkerApp(config);
    await worker.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    if (worker) await shutDownWorker(worker);
    await api?.app.close();
    await moto?.close();
    data.remove();
  });

  it('when a photo is PUT to a presigned S3 URL and processed, then the job is COMPLETED with a cat, stored in DynamoDB', async () => {
    const { url, s3Url } = await presignedPut('chelsea.png', readFileSync(join(FIXTURES, 'chelsea.png')));
    expect(url.startsWith(`${moto.endpoint}/aws-mode-uploads/uploads/`)).toBe(true);

    const submitted = await post('/process', { imageUrls: [s3Url], userId: 'aws-user', metadata: { source: 'e2e' } });
    expect(submitted.status).toBe(202);
    const { jobId, status } = await bodyOf(submitted);
    expect(status).toBe('PENDING');

    const job = await finished(jobId);
    expect(job).toMatchObject({ jobId, status: 'COMPLETED', imageCount: 1 });
    const cat = job.detections[0].detections.find((d: { label: string }) => d.label === 'cat');
    expect(cat?.confidence).toBeGreaterThanOrEqual(0.5);

    const dynamodb = new DynamoDBClient({
      region: MOTO_REGION,
      endpoint: moto.endpoint,
      credentials: MOTO_CREDENTIALS,
    });
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: 'aws-mode-jobs', Key: { jobId: { S: jobId } } }),
    );
    dynamodb.destroy();
    expect(Item?.status?.S).toBe('COMPLETED');
    expect(existsSync(join(data.dir, 'jobs.sqlite'))).toBe(false);

    const listed = await bodyOf(fetch(`${api.url}/jobs?userId=aws-user&limit=5`));
    expect(listed.items.map((item: { jobId: string }) => item.jobId)).toEqual([jobId]);
  });

  it('when a PUT is presigned without a size, then 400 names size: S3 can cap a PUT only by its signed length', async () => {
    const response = await post('/uploads/presign', { filename: 'a.png', contentType: 'image/png' });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).errors).toEqual([expect.objectContaining({ field: 'size', rule: 'required' })]);
  });

  it('when a presigned S3 URL is used twice, then the second PUT is refused and the first object stays', async () => {
    const bytes = readFileSync(join(FIXTURES, 'chelsea.png'));
    const ticket = await bodyOf(
      post('/uploads/presign', { filename: 'twice.png', contentType: 'image/png', size: bytes.length }),
    );
    expect((await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes })).status).toBe(200);
    const again = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes });
    expect(again.status).toBe(412);
  });

  it('when a job mixes a photo and bytes that are no image, then only that image fails and the job completes', async () => {
    const photo = await presignedPut('coffee.png', readFileSync(join(FIXTURES, 'coffee.png')));
    const junk = await presignedPut('junk.png', Buffer.from('these bytes are not a PNG at all'));
    const { jobId } = await bodyOf(post('/process', { imageUrls: [photo.s3Url, junk.s3Url] }));

    const job = await finished(jobId);
    expect(job.status).toBe('COMPLETED');
    expect(job.detections[0].detections.map((d: { label: string }) => d.label)).toContain('cup');
    expect(job.detections[1].error).toMatch(/could not be decoded/);
  });

  it('when a photo is uploaded with a presigned POST form, then it can be processed like any other', async () => {
    const ticket = await bodyOf(post('/uploads/presign-post', { filename: 'chelsea.png', contentType: 'image/png' }));
    expect(ticket).toMatchObject({
      bucket: 'aws-mode-uploads',
      maxBytes: config.storage.maxUploadBytes,
      fields: expect.objectContaining({ key: ticket.key }),
    });
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.fields as Record<string, string>)) form.append(name, value);
    form.append('file', new Blob([readFileSync(join(FIXTURES, 'chelsea.png'))], { type: 'image/png' }), 'chelsea.png');
    expect((await fetch(ticket.url, { method: 'POST', body: form })).status).toBeLessThan(300);

    const { jobId } = await bodyOf(post('/process', { imageUrls: [`s3://${ticket.bucket}/${ticket.key}`] }));
    expect((await finished(jobId)).status).toBe('COMPLETED');
  });

  it('when an image URL names an object that is not in the bucket, then the API refuses the job with 400', async () => {
    const response = await post('/process', {
      imageUrls: ['s3://aws-mode-uploads/uploads/2026/11/28/never-uploaded.png'],
    });
    expect(response.status).toBe(400);
    expect((await bodyOf(response)).errors[0]).toMatchObject({ field: 'imageUrls[0]', rule: 'exists' });
  });

  it('when the OpenAPI document is read, then it documents both upload routes, the form POST with its 501', async () => {
    const { paths } = await bodyOf(fetch(`${api.url}/docs-json`));
    expect(Object.keys(paths['/uploads/presign'].post.responses)).toContain('200');
    expect(Object.keys(paths['/uploads/presign-post'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '501']),
    );
  });

  it('when DynamoDB and SQS answer, then GET /health is 200', async () => {
    const response = await fetch(`${api.url}/health`);
    expect(response.status).toBe(200);
  });
});

describe('presigned POST with self-hosted storage', () => {
  it('when storage is self-hosted, then POST /uploads/presign-post answers 501 and points to /uploads/presign', async () => {
    const backend = await startSelfHostedBackend('presign-post');
    const { app, url } = await startApi(backend.config);
    try {
      const response = await fetch(`${url}/uploads/presign-post`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ filename: 'a.png', contentType: 'image/png' }),
      });
      expect(response.status).toBe(501);
      expect((await bodyOf(response)).message).toMatch(/POST \/uploads\/presign/);
    } finally {
      await app.close();
      await backend.close();
    }
  });
});

describe('AWS mode on moto when workers die or messages go bad', () => {
  const data = tempDataDir('aws-mode-faults');
  let moto: MotoServer;
  let config: AppConfig;
  let sqs: SQSClient;
  let api: { app: NestFastifyApplication; url: string };
  let worker: NestFastifyApplication | undefined;
  let store: JobStore;
  let storage: ObjectStorage;

  beforeAll(async () => {
    useMotoCredentials();
    moto = await startMoto();
    config = testConfig({
      DATA_DIR: data.dir,
      // Any free port: 3000 may be taken on a shared machine.
      PORT: 0,
      WORKER_HEALTH_PORT: 0,
      S3_BUCKET: 'faults-uploads',
      S3_FORCE_PATH_STYLE: 'true',
      JOBS_TABLE_NAME: 'faults-jobs',
      SQS_QUEUE_URL: `${moto.endpoint}/123456789012/faults-jobs`,
      AWS_ENDPOINT_URL: moto.endpoint,
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: 3,
      QUEUE_HEARTBEAT_SECONDS: 1,
      MAX_RECEIVE_COUNT: 2,
    });
    await initAwsResources(config, { log: () => {} });
    sqs = new SQSClient({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
    api = await startApi(config);
    store = api.app.get(JOB_STORE);
    storage = api.app.get(OBJECT_STORAGE);
  });

  afterAll(async () => {
    if (worker) await shutDownWorker(worker);
    await api?.app.close();
    sqs?.destroy();
    await moto?.close();
    data.remove();
  });

  it('when a worker took a job and died, then the message comes back and the job completes once, on its second attempt', async () => {
    await storage.write('uploads/faults/chelsea.png', readFileSync(join(FIXTURES, 'chelsea.png')), {
      contentType: 'image/png',
    });
    const job = await api.app
      .get(SubmitJobUseCase)
      .execute(new SubmitJobCommand(['s3://faults-uploads/uploads/faults/chelsea.png']));
    const taken = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: config.queue.queueUrl, VisibilityTimeout: 2, WaitTimeSeconds: 5 }),
    );
    expect(taken.Messages).toHaveLength(1);
    await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });

    worker = await createWorkerApp(config);
    await worker.listen(0, '127.0.0.1');
    const done = await eventually(async () => {
      const current = await store.get(job.jobId);
      return current?.status === JobStatus.COMPLETED ? current : undefined;
    }, 60_000);
    expect(done.attempts).toBe(2);
    expect(done.results?.[0].detections.map((d) => d.label)).toContain('cat');
    // And its message is acknowledged: the worker deletes it once the job has ended (and its webhook, if any, is
    // queued), a moment after the COMPLETED write the probe above saw.
    await eventually(async () => ((await messagesIn(sqs, config.queue.queueUrl)) === 0 ? true : undefined), 10_000);
  });

  it('when a message names a job that does not exist, then it is retried, dead-lettered after MAX_RECEIVE_COUNT receives and dropped', async () => {
    expect(worker).toBeDefined();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: config.queue.queueUrl,
        MessageBody: JSON.stringify({ jobId: 'no-such-job' }),
      }),
    );
    expect(await messagesIn(sqs, config.queue.queueUrl)).toBe(1);
    await eventually(
      async () =>
        (await messagesIn(sqs, config.queue.queueUrl)) === 0 &&
        (await messagesIn(sqs, config.queue.deadLetterQueueUrl)) === 0
          ? true
          : undefined,
      60_000,
      500,
    );
  });

  it('when a job reaches the dead-letter queue, then the worker marks it FAILED with the reason', async () => {
    const job = newJob(
      { jobId: randomUUID(), imageUrls: ['s3://faults-uploads/uploads/faults/chelsea.png'] },
      new Date(),
    );
    await store.create(job);
    await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: config.queue.deadLetterQueueUrl,
        MessageBody: JSON.stringify({ jobId: job.jobId }),
      }),
    );
    const failed = await eventually(async () => {
      const current = await store.get(job.jobId);
      return current?.status === JobStatus.FAILED ? current : undefined;
    }, 30_000);
    expect(failed.error).toMatch(/gave up after \d+ deliveries/);
  });
});
