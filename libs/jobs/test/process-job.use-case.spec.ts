import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, ObjectDetector } from '@app/detection';
import { FileObjectStorage } from '../../storage/src/local/file-object-storage';
import { FIXTURES } from '../../../test/support/test-env';
import { newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';
import { ProcessJobCommand } from '../src/use-cases/process-job/process-job.command';
import { ProcessJobUseCase, UnknownJobError } from '../src/use-cases/process-job/process-job.use-case';
import { CancelJobCommand, CancelJobUseCase } from '../src/use-cases/cancel-job/cancel-job.use-case';
import { RetryJobCommand, RetryJobUseCase } from '../src/use-cases/retry-job/retry-job.use-case';
import { OnnxImageDetector } from '../src/adapters/onnx/onnx-image-detector';
import { createTestDetector, startUseCaseParts, UseCaseParts } from './support/use-case-parts';

// The use cases log through Nest's Logger; the assertions below say what matters.
Logger.overrideLogger(false);

/** Storage whose reads fail the way a broken disk or network would: a fault the real adapter cannot be made to produce. */
class StorageWithFailingReads extends FileObjectStorage {
  override async read(): Promise<Buffer> {
    throw new Error('read failed: EIO');
  }
}

/** File storage that counts its reads: an image is decoded only after it is read. */
class CountingStorage extends FileObjectStorage {
  reads: string[] = [];
  override async read(key: string, options: { maxBytes: number }): Promise<Buffer> {
    this.reads.push(key);
    return super.read(key, options);
  }
}

/** File storage that holds the read of one key until released: a moment in the middle of a job, to look at it. */
class GatedStorage extends FileObjectStorage {
  gatedKey = '';
  private release!: () => void;
  readonly released = new Promise<void>((resolve) => (this.release = resolve));
  reached!: () => void;
  readonly gateReached = new Promise<void>((resolve) => (this.reached = resolve));
  override async read(key: string, options: { maxBytes: number }): Promise<Buffer> {
    if (key === this.gatedKey) {
      this.reached();
      await this.released;
    }
    return super.read(key, options);
  }
  open(): void {
    this.release();
  }
}

const STUCK_INFERENCE = join(__dirname, '../../detection/test/fixtures/stuck-inference-worker.js');

describe('ProcessJobUseCase with a real store, file storage and the ONNX detector', () => {
  let parts: UseCaseParts;
  let detector: OnnxImageDetector;
  let processJob: ProcessJobUseCase;
  let nextId = 0;

  /** Stores a PENDING job for these images, as SubmitJob would. */
  async function submitted(imageUrls: string[]): Promise<string> {
    const jobId = `job-${++nextId}`;
    await parts.store.create(newJob({ jobId, imageUrls }, new Date()));
    return jobId;
  }

  beforeAll(async () => {
    parts = await startUseCaseParts('process-job', { MAX_RECEIVE_COUNT: 3, MAX_UPLOAD_BYTES: 1024 * 1024 });
    detector = await createTestDetector(parts.config);
    processJob = new ProcessJobUseCase(parts.store, parts.storage, detector, parts.options.process);
    for (const name of ['chelsea.png', 'coffee.png']) {
      await parts.storage.write(`uploads/${name}`, readFileSync(join(FIXTURES, name)), { contentType: 'image/png' });
    }
    await parts.storage.write('uploads/not-an-image.png', Buffer.from('these bytes are no PNG'), {
      contentType: 'image/png',
    });
  });
  afterAll(async () => {
    await detector?.onModuleDestroy();
    await parts?.close();
  });

  it('when the image is chelsea.png, then the job is COMPLETED with a cat of confidence >= 0.5', async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);

    const job = await parts.store.get(jobId);
    expect(job).toMatchObject({ status: JobStatus.COMPLETED, attempts: 1 });
    expect(job?.error).toBeUndefined();
    const [result] = job!.results!;
    expect(result).toMatchObject({ imageUrl: parts.url('uploads/chelsea.png'), imageIndex: 0 });
    expect(result.error).toBeUndefined();
    expect(result.detectionCount).toBe(result.detections.length);
    const cat = result.detections.find((d) => d.label === 'cat');
    expect(cat?.confidence).toBeGreaterThanOrEqual(0.5);
    // Pixels of the 451x300 original, not of the model's 300x300 input.
    expect(cat!.bbox[2]).toBeGreaterThan(300);
  });

  it('when a job runs, then the images already done are readable with their status and processedImages before it ends', async () => {
    const storage = new GatedStorage({
      rootDir: join(parts.dataDir, 'objects'),
      bucket: parts.config.storage.bucket,
      publicUrl: parts.config.api.publicUrl,
      uploadSecret: 'unused-here-but-required-0123456789abcdef',
    });
    storage.gatedKey = 'uploads/coffee.png';
    // One image at a time, so chelsea is finished before coffee's read is held.
    const oneAtATime = new ProcessJobUseCase(parts.store, storage, detector, parts.options.process, undefined, 1);
    const jobId = await submitted([parts.url('uploads/chelsea.png'), parts.url('uploads/coffee.png')]);
    const running = oneAtATime.execute(new ProcessJobCommand(jobId, 1));
    await storage.gateReached;
    const midway = (await parts.store.get(jobId))!;
    storage.open();
    expect(midway).toMatchObject({ status: JobStatus.PROCESSING, processedImages: 1, startedAt: expect.any(String) });
    expect(midway.results?.map((r) => r.status)).toEqual(['done', 'pending']);
    expect(midway.results?.[0].detections.map((d) => d.label)).toContain('cat');
    expect(midway).not.toHaveProperty('completedAt');

    expect(await running).toMatchObject({
      outcome: JobStatus.COMPLETED,
      endedJob: { jobId, status: JobStatus.COMPLETED },
    });
    const done = (await parts.store.get(jobId))!;
    expect(done).toMatchObject({ processedImages: 2, startedAt: midway.startedAt, completedAt: done.updatedAt });
    expect(done.results?.map((r) => r.status)).toEqual(['done', 'done']);
  });

  it('when a job is cancelled between two images, then the worker stops: the done image keeps its result, the other is never run', async () => {
    const storage = new GatedStorage({
      rootDir: join(parts.dataDir, 'objects'),
      bucket: parts.config.storage.bucket,
      publicUrl: parts.config.api.publicUrl,
      uploadSecret: 'unused-here-but-required-0123456789abcdef',
    });
    storage.gatedKey = 'uploads/coffee.png';
    const oneAtATime = new ProcessJobUseCase(parts.store, storage, detector, parts.options.process, undefined, 1);
    const jobId = await submitted([
      parts.url('uploads/chelsea.png'),
      parts.url('uploads/coffee.png'),
      parts.url('uploads/not-an-image.png'),
    ]);
    const running = oneAtATime.execute(new ProcessJobCommand(jobId, 1));
    await storage.gateReached;
    const cancelled = await new CancelJobUseCase(parts.store, parts.queue).execute(
      new CancelJobCommand(jobId, 'default'),
    );
    expect(cancelled.status).toBe(JobStatus.CANCELLED);
    storage.open();

    // The run lost its record to the cancel: it holds no ended job, so whoever needs the job reads it.
    expect(await running).toEqual({ outcome: 'already-done' });
    const job = (await parts.store.get(jobId))!;
    expect(job.status).toBe(JobStatus.CANCELLED);
    expect(job.results?.map((r) => r.status)).toEqual(['done', 'pending', 'pending']);
    expect(job.results?.[0].detections.map((d) => d.label)).toContain('cat');
    expect(job.processedImages).toBe(1);
  });

  it('when a failed image is retried after it was uploaded, then only it runs again, in the same job, its error kept in its history', async () => {
    const late = `uploads/late-${Date.now()}.png`;
    const jobId = await submitted([parts.url('uploads/chelsea.png'), parts.url(late)]);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);
    const first = (await parts.store.get(jobId))!;
    expect(first.results?.map((r) => r.status)).toEqual(['done', 'failed']);

    await parts.storage.write(late, readFileSync(join(FIXTURES, 'coffee.png')), { contentType: 'image/png' });
    const retryJob = new RetryJobUseCase(parts.store, parts.queue);
    const reopened = await retryJob.execute(new RetryJobCommand(jobId, 'default'));
    expect(reopened.status).toBe(JobStatus.PENDING);
    expect(await parts.drainBodies()).toEqual([JSON.stringify({ jobId })]);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);

    const second = (await parts.store.get(jobId))!;
    expect(second.results?.[0]).toEqual(first.results?.[0]); // the done image was not run again
    expect(second.results?.[1]).toMatchObject({
      status: 'done',
      history: [{ error: 'image not found', failedAt: first.completedAt }],
    });
    expect(second.results?.[1].detections.map((d) => d.label)).toContain('cup');
    expect(second).toMatchObject({ processedImages: 2, attempts: 2, startedAt: first.startedAt });
    await expect(retryJob.execute(new RetryJobCommand(jobId, 'default'))).rejects.toMatchObject({
      kind: 'conflict',
      message: `job ${jobId} has no failed image to retry`,
    });
  });

  it('when a job is cancelled before a worker takes it, then the worker leaves it alone', async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    await new CancelJobUseCase(parts.store, parts.queue).execute(new CancelJobCommand(jobId, 'default'));
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe('already-done');
    expect(await parts.store.get(jobId)).toMatchObject({
      status: JobStatus.CANCELLED,
      attempts: 0,
      processedImages: 0,
    });
  });

  it('when a PENDING job with a webhook is cancelled, then its job message is sent once more (its first may be lost) and a job without one sends none', async () => {
    await parts.drainBodies();
    const withWebhook = `job-${++nextId}`;
    await parts.store.create(
      newJob(
        { jobId: withWebhook, imageUrls: [parts.url('uploads/chelsea.png')], callbackUrl: 'https://example.com/hook' },
        new Date(),
      ),
    );
    const withoutWebhook = await submitted([parts.url('uploads/chelsea.png')]);
    const cancel = new CancelJobUseCase(parts.store, parts.queue);
    await cancel.execute(new CancelJobCommand(withWebhook, 'default'));
    await cancel.execute(new CancelJobCommand(withoutWebhook, 'default'));
    const sent = (await parts.drainBodies()).map((body) => JSON.parse(body).jobId);
    expect(sent).toEqual([withWebhook]);
    expect(await parts.store.get(withWebhook)).toMatchObject({
      status: JobStatus.CANCELLED,
      webhook: { status: 'pending', attempts: 0 },
    });
  });

  it('when a finished job is cancelled, then it is a conflict and the job is unchanged', async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    await processJob.execute(new ProcessJobCommand(jobId, 1));
    const before = await parts.store.get(jobId);
    await expect(
      new CancelJobUseCase(parts.store, parts.queue).execute(new CancelJobCommand(jobId, 'default')),
    ).rejects.toMatchObject({ kind: 'conflict' });
    await expect(
      new CancelJobUseCase(parts.store, parts.queue).execute(new CancelJobCommand(jobId, 'another-tenant')),
    ).rejects.toMatchObject({ kind: 'not-found' });
    expect(await parts.store.get(jobId)).toEqual(before);
  });

  it('when an image is done, then its result carries its frame, the model, the timings, class ids and normalised boxes', async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    await processJob.execute(new ProcessJobCommand(jobId, 1));
    const [result] = (await parts.store.get(jobId))!.results!;
    expect(result).toMatchObject({
      status: 'done',
      width: 451,
      height: 300,
      model: { name: 'ssdlite', version: '1' },
    });
    for (const field of ['queuedMs', 'decodeMs', 'inferenceMs', 'durationMs'] as const) {
      expect(result[field], field).toBeGreaterThanOrEqual(0);
    }
    expect(result.durationMs).toBeGreaterThanOrEqual(result.decodeMs! + result.inferenceMs!);
    const cat = result.detections.find((d) => d.label === 'cat')!;
    expect(cat.classId).toBe(17);
    const [x1, y1, x2, y2] = cat.bbox;
    expect(cat.bboxNormalized).toEqual([x1 / 451, y1 / 300, x2 / 451, y2 / 300].map((v) => Math.round(v * 1e4) / 1e4));
    expect(cat.bboxNormalized.every((v) => v >= 0 && v <= 1)).toBe(true);
  });

  it('when one image cannot be decoded among good ones, then the job is COMPLETED and only that image carries an error', async () => {
    const urls = [
      parts.url('uploads/chelsea.png'),
      parts.url('uploads/not-an-image.png'),
      parts.url('uploads/coffee.png'),
    ];
    const jobId = await submitted(urls);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);

    const { results } = (await parts.store.get(jobId))!;
    expect(results!.map((r) => [r.imageIndex, r.imageUrl])).toEqual(urls.map((url, i) => [i, url]));
    expect(results![1]).toMatchObject({
      error: expect.stringContaining('could not be decoded'),
      detections: [],
      detectionCount: 0,
    });
    expect(results![0].error).toBeUndefined();
    expect(results![0].detections.map((d) => d.label)).toContain('cat');
    expect(results![2].error).toBeUndefined();
    expect(results![2].detections.map((d) => d.label)).toContain('cup');
  });

  it('when no image can be decoded, then the job is FAILED with an error saying so, and each image keeps its own error', async () => {
    const jobId = await submitted([parts.url('uploads/not-an-image.png'), parts.url('uploads/not-an-image.png')]);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.FAILED);

    const job = (await parts.store.get(jobId))!;
    expect(job.status).toBe(JobStatus.FAILED);
    expect(job.error).toMatch(/all 2 image\(s\) failed.*could not be decoded/);
    expect(job.results!.every((r) => r.error?.includes('could not be decoded'))).toBe(true);
  });

  it("when an image's object is missing, then that image's error is 'image not found'", async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png'), parts.url('uploads/deleted-meanwhile.png')]);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);
    expect((await parts.store.get(jobId))!.results![1]).toMatchObject({ error: 'image not found', detectionCount: 0 });
  });

  it('when an image is larger than the upload limit, then that image fails with a size error', async () => {
    await parts.storage.write('uploads/huge.png', Buffer.alloc(parts.config.storage.maxUploadBytes + 1), {
      contentType: 'image/png',
    });
    const jobId = await submitted([parts.url('uploads/huge.png')]);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.FAILED);
    expect((await parts.store.get(jobId))!.results![0].error).toMatch(/larger than/);
  });

  it('when an image URL is in a foreign bucket, then that image fails with an error naming our bucket', async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png'), 's3://someone-elses-bucket/uploads/chelsea.png']);
    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);
    expect((await parts.store.get(jobId))!.results![1].error).toMatch(/not an object of bucket/);
  });

  it("when the job is already COMPLETED, then the outcome is 'already-done' and nothing is rewritten", async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    await processJob.execute(new ProcessJobCommand(jobId, 1));
    const before = await parts.store.get(jobId);

    expect((await processJob.execute(new ProcessJobCommand(jobId, 2))).outcome).toBe('already-done');
    expect(await parts.store.get(jobId)).toEqual(before);
  });

  it("when the job is already FAILED, then the outcome is 'already-done' and nothing is rewritten", async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    await parts.store.transition(jobId, {
      to: JobStatus.FAILED,
      at: new Date(),
      error: 'the job could not be queued; submit it again',
    });
    const before = await parts.store.get(jobId);

    expect((await processJob.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe('already-done');
    expect(await parts.store.get(jobId)).toEqual(before);
  });

  it('when a PROCESSING job is delivered again (its worker died), then it is processed and the attempt is counted', async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    await parts.store.transition(jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
    expect((await processJob.execute(new ProcessJobCommand(jobId, 2))).outcome).toBe(JobStatus.COMPLETED);
    expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.COMPLETED, attempts: 2 });
  });

  it("when two workers process the same job at once, then one result is written and the other reports 'already-done'", async () => {
    const jobId = await submitted([parts.url('uploads/chelsea.png')]);
    const outcomes = await Promise.all([
      processJob.execute(new ProcessJobCommand(jobId, 1)),
      processJob.execute(new ProcessJobCommand(jobId, 1)),
    ]);
    expect(outcomes.map((r) => r.outcome).sort()).toEqual([JobStatus.COMPLETED, 'already-done']);
    expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.COMPLETED, attempts: 2 });
  });

  it('when the job does not exist, then UnknownJobError names it', async () => {
    const run = processJob.execute(new ProcessJobCommand('no-such-job', 1));
    await expect(run).rejects.toBeInstanceOf(UnknownJobError);
    await expect(run).rejects.toMatchObject({ jobId: 'no-such-job' });
  });

  describe('when reading images fails for infrastructure reasons', () => {
    let withFailingReads: ProcessJobUseCase;

    beforeAll(() => {
      const storage = new StorageWithFailingReads({
        rootDir: join(parts.dataDir, 'objects'),
        bucket: parts.config.storage.bucket,
        publicUrl: parts.config.api.publicUrl,
        uploadSecret: 'unused-here-but-required-0123456789abcdef',
      });
      withFailingReads = new ProcessJobUseCase(parts.store, storage, detector, parts.options.process);
    });

    it("when it is the last allowed attempt, then the job is FAILED with 'gave up after' and the error is rethrown", async () => {
      const jobId = await submitted([parts.url('uploads/chelsea.png'), parts.url('uploads/coffee.png')]);
      const last = parts.config.queue.maxReceiveCount;
      await expect(withFailingReads.execute(new ProcessJobCommand(jobId, last))).rejects.toThrow('read failed: EIO');

      const job = (await parts.store.get(jobId))!;
      expect(job.status).toBe(JobStatus.FAILED);
      expect(job.error).toBe(`gave up after ${last} attempt(s): read failed: EIO`);
      // No image got an outcome: every entry is still the pending one the start wrote.
      expect(job.results?.map((result) => result.status)).toEqual(['pending', 'pending']);
      expect(job.processedImages).toBe(0);
    });

    it('when an earlier attempt fails, then the error is rethrown and the job stays PROCESSING for the retry', async () => {
      const jobId = await submitted([parts.url('uploads/chelsea.png')]);
      await expect(
        withFailingReads.execute(new ProcessJobCommand(jobId, parts.config.queue.maxReceiveCount - 1)),
      ).rejects.toThrow('read failed: EIO');

      const job = (await parts.store.get(jobId))!;
      expect(job).toMatchObject({ status: JobStatus.PROCESSING, attempts: 1 });
      expect(job.error).toBeUndefined();

      // The retry, with storage working again, completes the job.
      expect((await processJob.execute(new ProcessJobCommand(jobId, parts.config.queue.maxReceiveCount))).outcome).toBe(
        JobStatus.COMPLETED,
      );
      expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.COMPLETED, attempts: 2 });
    });
  });

  describe('when the same image is named twice', () => {
    it('then it is read (and decoded) once and both positions carry its detections', async () => {
      const storage = new CountingStorage({
        rootDir: join(parts.dataDir, 'objects'),
        bucket: parts.config.storage.bucket,
        publicUrl: parts.config.api.publicUrl,
        uploadSecret: 'unused-here-but-required-0123456789abcdef',
      });
      const useCase = new ProcessJobUseCase(parts.store, storage, detector, parts.options.process);
      const cat = parts.url('uploads/chelsea.png');
      const cup = parts.url('uploads/coffee.png');
      const jobId = await submitted([cat, cup, cat]);
      expect((await useCase.execute(new ProcessJobCommand(jobId, 1))).outcome).toBe(JobStatus.COMPLETED);

      expect(storage.reads.sort()).toEqual(['uploads/chelsea.png', 'uploads/coffee.png']);
      const { results } = (await parts.store.get(jobId))!;
      expect(results!.map((r) => [r.imageIndex, r.imageUrl])).toEqual([
        [0, cat],
        [1, cup],
        [2, cat],
      ]);
      expect(results![2].detections).toEqual(results![0].detections);
      expect(results![0].detections[0].label).toBe('cat');
    });
  });

  describe('when the job runs out of time (JOB_TIMEOUT_SECONDS) while an inference is stuck', () => {
    // A test-only inference worker hangs on an all-black image: the real model always finishes in ~30 ms.
    let stuckDetector: OnnxImageDetector;
    let objectDetector: ObjectDetector;
    let storage: CountingStorage;
    let useCase: ProcessJobUseCase;

    beforeAll(async () => {
      objectDetector = await ObjectDetector.create({
        registry: await ModelRegistry.open(parts.options.models),
        poolSize: 2,
        inferenceScript: STUCK_INFERENCE,
      });
      stuckDetector = new OnnxImageDetector(objectDetector);
      storage = new CountingStorage({
        rootDir: join(parts.dataDir, 'objects'),
        bucket: parts.config.storage.bucket,
        publicUrl: parts.config.api.publicUrl,
        uploadSecret: 'unused-here-but-required-0123456789abcdef',
      });
      useCase = new ProcessJobUseCase(parts.store, storage, stuckDetector, parts.options.process);
      const black = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
        .png()
        .toBuffer();
      for (let i = 0; i < 10; i++)
        await parts.storage.write(`uploads/black-${i}.png`, black, { contentType: 'image/png' });
    });
    afterAll(() => stuckDetector?.onModuleDestroy());

    it('then the job is abandoned, no further image is read or decoded, and the pool serves the next job at full size', async () => {
      const urls = Array.from({ length: 10 }, (_, i) => parts.url(`uploads/black-${i}.png`));
      const jobId = await submitted(urls);
      const started = Date.now();
      await expect(useCase.execute(new ProcessJobCommand(jobId, 1, AbortSignal.timeout(1000)))).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      expect(Date.now() - started).toBeLessThan(5000);

      // Four images are in flight at most; after the deadline nothing more is read.
      const readsAtAbort = storage.reads.length;
      expect(readsAtAbort).toBeLessThanOrEqual(4);
      await sleep(500);
      expect(storage.reads.length).toBe(readsAtAbort);
      expect(await parts.store.get(jobId)).toMatchObject({ status: JobStatus.PROCESSING, attempts: 1 });

      // The stuck threads were terminated and replaced: the next job completes on a pool of the same size.
      const next = await submitted([parts.url('uploads/chelsea.png'), parts.url('uploads/coffee.png')]);
      expect((await useCase.execute(new ProcessJobCommand(next, 1, AbortSignal.timeout(30_000)))).outcome).toBe(
        JobStatus.COMPLETED,
      );
      expect((await parts.store.get(next))!.results!.map((r) => r.detections[0].label)).toEqual(['cat', 'cup']);
      expect(objectDetector.poolSize).toBe(2);
    });
  });
});
