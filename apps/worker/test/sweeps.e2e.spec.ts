import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_STORE, JobStatus, JobStore, newJob } from '@app/jobs';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { eventually, FIXTURES } from '../../../test/support/test-env';
import { createWorkerApp, shutDownWorker } from '../src/create-worker-app';

const DAY_MS = 24 * 3600 * 1000;

describe("the worker's sweeps (real queue server, SQLite, files and the ONNX model)", () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication | undefined;
  let storage: ObjectStorage;
  let store: JobStore;

  /** An object (an upload, an annotated image) whose file was last written `daysAgo` days ago. */
  const upload = async (key: string, daysAgo: number) => {
    await storage.write(key, readFileSync(join(FIXTURES, 'chelsea.png')), { contentType: 'image/png' });
    const when = new Date(Date.now() - daysAgo * DAY_MS);
    utimesSync(join(backend.dataDir, 'objects', storage.bucket, key), when, when);
    return `s3://${storage.bucket}/${key}`;
  };

  beforeAll(async () => {
    backend = await startSelfHostedBackend('sweeps', {
      PENDING_REQUEUE_SECONDS: 1,
      UPLOAD_RETENTION_DAYS: 2,
      RETENTION_DAYS: 3,
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

  it('when the API died between storing a job and sending its message, and old uploads and finished jobs lie around, then a started worker queues and completes the job and deletes only what is past retention', async () => {
    // The state such a crash leaves: the job stored, no message sent.
    const stranded = newJob(
      { jobId: crypto.randomUUID(), imageUrls: [await upload('uploads/fresh/cat.png', 0)] },
      new Date(),
    );
    await store.create(stranded);
    expect(await backend.queuedMessages()).toBe(0);

    const oldUpload = await upload('uploads/2020/01/01/old.png', 5);
    // Annotated images: kept as long as jobs (RETENTION_DAYS 3), not as uploads (2).
    await upload('results/default/old-job/annotated/0.jpg', 4);
    await upload('results/default/young-job/annotated/0.jpg', 2.5);
    const youngUpload = await upload('uploads/young/kept.png', 1);
    const oldJob = newJob({ jobId: crypto.randomUUID(), imageUrls: [oldUpload] }, new Date(Date.now() - 10 * DAY_MS));
    const youngJob = newJob(
      { jobId: crypto.randomUUID(), imageUrls: [youngUpload] },
      new Date(Date.now() - 10 * DAY_MS),
    );
    await store.create(oldJob);
    await store.create(youngJob);
    await store.transition(oldJob.jobId, { to: JobStatus.FAILED, at: new Date(Date.now() - 4 * DAY_MS), error: 'x' });
    await store.transition(youngJob.jobId, { to: JobStatus.FAILED, at: new Date(Date.now() - 2 * DAY_MS), error: 'x' });

    worker = await createWorkerApp(backend.config);
    await worker.listen(0, '127.0.0.1');

    const done = await eventually(async () => {
      const job = await store.get(stranded.jobId);
      return job?.status === JobStatus.COMPLETED ? job : undefined;
    }, 60_000);
    expect(done.results?.[0].detections.map((d) => d.label)).toContain('cat');
    expect(done.attempts).toBe(1);

    await eventually(async () => ((await store.get(oldJob.jobId)) === null ? true : undefined), 10_000);
    expect(await storage.head('uploads/2020/01/01/old.png')).toBeNull();
    expect(await storage.head('uploads/young/kept.png')).not.toBeNull();
    expect(await storage.head('uploads/fresh/cat.png')).not.toBeNull();
    expect(await storage.head('results/default/old-job/annotated/0.jpg')).toBeNull();
    expect(await storage.head('results/default/young-job/annotated/0.jpg')).not.toBeNull();
    expect((await store.get(youngJob.jobId))?.status).toBe(JobStatus.FAILED);
  });
});
