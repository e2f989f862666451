import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_STORE, JobStatus, JobStore, SubmitJobCommand, SubmitJobUseCase } from '@app/jobs';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { eventually, FIXTURES, freePort, REPO_ROOT } from '../../../test/support/test-env';

const WORKER = join(REPO_ROOT, 'dist/apps/worker/src/main.js');

describe('worker shutdown on SIGTERM (the built worker process)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let api: NestFastifyApplication;
  let store: JobStore;
  let storage: ObjectStorage;

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first (npm test does)`);
    backend = await startSelfHostedBackend('sigterm', { MAX_IMAGES_PER_JOB: 50 });
    ({ app: api } = await startApi(backend.config));
    store = api.get(JOB_STORE);
    storage = api.get(OBJECT_STORAGE);
  });

  afterAll(async () => {
    await api?.close();
    await backend?.close();
  });

  it('when SIGTERM arrives mid-job, then the worker finishes the job, acknowledges it and exits', async () => {
    const photo = readFileSync(join(FIXTURES, 'coffee.png'));
    const urls: string[] = [];
    for (let i = 0; i < 40; i++) {
      await storage.write(`uploads/sigterm/${i}.png`, photo, { contentType: 'image/png' });
      urls.push(`s3://${storage.bucket}/uploads/sigterm/${i}.png`);
    }
    const { jobId } = await api.get(SubmitJobUseCase).execute(new SubmitJobCommand(urls, 'sigterm'));

    const worker = spawn(process.execPath, [WORKER], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATA_DIR: backend.dataDir,
        QUEUE_PORT: String(backend.queue.port),
        WORKER_HEALTH_PORT: String(await freePort()),
        INFERENCE_THREADS: '1',
        WORKER_STOP_TIMEOUT_SECONDS: '60',
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = once(worker, 'exit');
    await eventually(
      async () => ((await store.get(jobId))?.status === JobStatus.PROCESSING ? true : undefined),
      30_000,
      10,
    );
    worker.kill('SIGTERM');
    const [exitCode] = await exited;
    expect(exitCode).toBe(0);

    const job = await store.get(jobId);
    expect(job?.status).toBe(JobStatus.COMPLETED);
    expect(job?.attempts).toBe(1);
    expect(job?.results).toHaveLength(40);
    expect(job?.results?.every((image) => image.detections.some((d) => d.label === 'cup'))).toBe(true);
    expect(await backend.queuedMessages()).toBe(0);
  });
});
