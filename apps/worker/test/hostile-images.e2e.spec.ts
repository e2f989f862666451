import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Job, JOB_STORE, JobStatus, JobStore, SubmitJobCommand, SubmitJobUseCase } from '@app/jobs';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { eventually, FIXTURES, freePort, REPO_ROOT } from '../../../test/support/test-env';

const WORKER = join(REPO_ROOT, 'dist/apps/worker/src/main.js');
const MiB = 2 ** 20;

/**
 * The decompression bomb of issue 13: a ~1.2 MB interlaced 16-bit RGBA PNG of 10000x10000 (800 MB decoded). Built
 * once with sharp and cached in the temp dir, as encoding it takes a while and the memory of a full frame.
 */
async function interlacedBomb(): Promise<Buffer> {
  const path = join(tmpdir(), 'image-detection-test-cache', 'interlaced-rgba16-10000x10000-v1.png');
  if (!existsSync(path)) {
    mkdirSync(join(path, '..'), { recursive: true });
    const png = await sharp({
      create: { width: 10000, height: 10000, channels: 4, background: { r: 120, g: 60, b: 200, alpha: 0.8 } },
    })
      .toColourspace('rgb16')
      .png({ progressive: true, compressionLevel: 9 })
      .toBuffer();
    writeFileSync(`${path}.partial`, png);
    renameSync(`${path}.partial`, path);
  }
  return readFileSync(path);
}

/** Peak resident memory of a process so far (VmHWM), in bytes. */
const peakRss = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

describe('a worker and hostile images (the built worker process, measured from outside)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let api: NestFastifyApplication;
  let store: JobStore;
  let storage: ObjectStorage;
  let worker: ChildProcess;

  const put = async (key: string, bytes: Buffer) => {
    await storage.write(key, bytes, { contentType: 'image/png' });
    return `s3://${storage.bucket}/${key}`;
  };
  const runJob = async (imageUrls: string[]): Promise<Job> => {
    const { jobId } = await api.get(SubmitJobUseCase).execute(new SubmitJobCommand(imageUrls, 'hostile'));
    return eventually(async () => {
      const job = await store.get(jobId);
      return job && (job.status === JobStatus.COMPLETED || job.status === JobStatus.FAILED) ? job : undefined;
    }, 120_000);
  };

  beforeAll(async () => {
    if (!existsSync(WORKER)) throw new Error(`${WORKER} is missing: run "npm run build" first (npm test does)`);
    backend = await startSelfHostedBackend('hostile');
    ({ app: api } = await startApi(backend.config));
    store = api.get(JOB_STORE);
    storage = api.get(OBJECT_STORAGE);
    // The defaults a deployment runs with: DECODE_BUDGET_MB, INFERENCE_THREADS and WORKER_CONCURRENCY unset.
    worker = spawn(process.execPath, [WORKER], {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        DATA_DIR: backend.dataDir,
        QUEUE_PORT: String(backend.queue.port),
        WORKER_HEALTH_PORT: String(await freePort()),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
  }, 180_000);

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await api?.close();
    await backend?.close();
  });

  it('when one job names a 10000x10000 interlaced 16-bit RGBA PNG four times, then each image fails with the decode-budget rule and the worker’s peak RSS rises by less than 600 MiB', async () => {
    const bomb = await interlacedBomb();
    expect(bomb.length).toBeLessThan(2 * MiB);
    // Warm the worker (ONNX sessions, sharp) on a real photo, so the baseline is that of a working worker.
    const warm = await runJob([await put('uploads/hostile/cat.png', readFileSync(join(FIXTURES, 'chelsea.png')))]);
    expect(warm.status).toBe(JobStatus.COMPLETED);
    const before = peakRss(worker.pid!);

    const bombUrl = await put('uploads/hostile/bomb.png', bomb);
    const copies = await Promise.all([1, 2, 3].map((i) => put(`uploads/hostile/bomb-${i}.png`, bomb)));
    const sameFourTimes = await runJob([bombUrl, bombUrl, bombUrl, bombUrl]);
    const fourCopies = await runJob([bombUrl, ...copies]);

    for (const job of [sameFourTimes, fourCopies]) {
      expect(job.status).toBe(JobStatus.FAILED);
      expect(job.results).toHaveLength(4);
      for (const image of job.results!) {
        expect(image.error).toMatch(
          /needs 763 MiB to decode \(10000x10000, 4 channel\(s\), 16-bit, interlaced png\), over the decode budget of 384 MiB/,
        );
      }
    }
    const rise = peakRss(worker.pid!) - before;
    console.log(JSON.stringify({ peakRssBeforeMiB: before / MiB, riseMiB: rise / MiB }));
    expect(rise).toBeLessThan(600 * MiB);

    // The worker is still there and still detects.
    const after = await runJob([await put('uploads/hostile/cup.png', readFileSync(join(FIXTURES, 'coffee.png')))]);
    expect(after.results![0].detections[0].label).toBe('cup');
  });

  it('when a job holds four different images each just inside the budget (6000x6000 interlaced 16-bit RGBA, 275 MiB), then they decode one at a time and the peak RSS rise stays under 600 MiB', async () => {
    const base = await sharp({
      create: { width: 6000, height: 6000, channels: 4, background: { r: 10, g: 160, b: 90, alpha: 1 } },
    })
      .toColourspace('rgb16')
      .png({ progressive: true, compressionLevel: 6 })
      .toBuffer();
    const before = peakRss(worker.pid!);
    const urls = await Promise.all([0, 1, 2, 3].map((i) => put(`uploads/hostile/big-${i}.png`, base)));
    const job = await runJob(urls);
    expect(job.status).toBe(JobStatus.COMPLETED);
    expect(job.results!.every((image) => image.error === undefined)).toBe(true);
    const rise = peakRss(worker.pid!) - before;
    console.log(JSON.stringify({ peakRssBeforeMiB: before / MiB, riseMiB: rise / MiB }));
    expect(rise).toBeLessThan(600 * MiB);
  });
});
