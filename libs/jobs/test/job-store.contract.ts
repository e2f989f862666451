import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfig, jobsOptionsOf } from '@app/config';
import { AppError } from '@app/core';
import { ObjectStorage } from '@app/storage';
import { FIXTURES } from '../../../test/support/test-env';
import { DetectionOptions, ImageResult, Job, newJob, pendingResults, reopenFailedImages } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';
import { JobQueue } from '../src/ports/job-queue.port';
import { JobStore } from '../src/ports/job-store.port';
import { IdempotencyClaim } from '../src/domain/idempotency';
import { ProcessJobCommand } from '../src/use-cases/process-job/process-job.command';
import { ProcessJobUseCase } from '../src/use-cases/process-job/process-job.use-case';
import { RequeuePendingJobsCommand } from '../src/use-cases/requeue-pending-jobs/requeue-pending-jobs.command';
import { RequeuePendingJobsUseCase } from '../src/use-cases/requeue-pending-jobs/requeue-pending-jobs.use-case';
import { createTestDetector } from './support/use-case-parts';

export interface JobStoreFixture {
  store: JobStore;
  /** The object storage the store may keep large results in, and the race test's images. */
  storage: ObjectStorage;
  config: AppConfig;
  /** A real jobs queue beside the store (the self-hosted server or SQS on moto), and a way to read what it holds. */
  queue: JobQueue;
  receiveJobIds(): Promise<string[]>;
  close(): Promise<void>;
}

const at = (second: number) => new Date(Date.UTC(2026, 10, 28, 12, 0, second));
const resultFor = (label: string, imageIndex = 0): ImageResult => ({
  imageUrl: `s3://bucket/uploads/${imageIndex}.png`,
  imageIndex,
  status: 'done',
  detections: [{ label, classId: 17, confidence: 0.9, bbox: [1, 2, 3, 4], bboxNormalized: [0.01, 0.02, 0.03, 0.04] }],
  detectionCount: 1,
  width: 100,
  height: 100,
  model: { name: 'ssdlite', version: '1' },
  queuedMs: 5,
  decodeMs: 2,
  inferenceMs: 30,
  durationMs: 40,
});

/**
 * What every JobStore adapter must do alike, run against SQLite and DynamoDB (moto) by their spec files, including
 * the race the conditional writes exist for: two workers on one job, exactly one result recorded.
 */
export function describeJobStoreContract(adapter: string, setUp: () => Promise<JobStoreFixture>): void {
  describe(`JobStore contract (${adapter})`, () => {
    let fixture: JobStoreFixture;
    let store: JobStore;

    async function created(
      overrides: Partial<{
        tenantId: string;
        userId: string;
        metadata: Record<string, unknown>;
        options: DetectionOptions;
        now: Date;
        images: number;
        callbackUrl: string;
      }> = {},
    ): Promise<Job> {
      const imageUrls = Array.from({ length: overrides.images ?? 1 }, (_, i) => `s3://bucket/uploads/${i}.png`);
      const job = newJob(
        {
          jobId: randomUUID(),
          tenantId: overrides.tenantId,
          imageUrls,
          userId: overrides.userId,
          metadata: overrides.metadata,
          options: overrides.options,
          callbackUrl: overrides.callbackUrl,
        },
        overrides.now ?? new Date(),
      );
      await store.create(job);
      return job;
    }

    beforeAll(async () => {
      fixture = await setUp();
      store = fixture.store;
    });
    afterAll(() => fixture?.close());

    /** The worker's use case on one stored job, with a fresh detector on the fixture's models: its result. */
    async function processStoredJob(jobId: string) {
      const detector = await createTestDetector(fixture.config);
      try {
        return await new ProcessJobUseCase(
          store,
          fixture.storage,
          detector,
          jobsOptionsOf(fixture.config).process,
        ).execute(new ProcessJobCommand(jobId, 1));
      } finally {
        await detector.onModuleDestroy();
      }
    }

    it('when a job is created, then get returns it as it was given', async () => {
      const job = await created({
        userId: 'user123',
        metadata: { source: 'mobile-app', nested: { n: 1, ok: true } },
        images: 2,
      });
      expect(await store.get(job.jobId)).toEqual(job);
    });

    it('when a job is created with detection options, then get returns them, and they stay through its run', async () => {
      const options = {
        model: 'picodet-s-416@1',
        minConfidence: 0.25,
        iouThreshold: 0.6,
        maxDetections: 20,
        classes: ['person', 'cat'],
        tiling: true,
      };
      const job = await created({ options });
      expect(await store.get(job.jobId)).toEqual(job);
      await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
      expect((await store.get(job.jobId))?.options).toEqual(options);
    });

    it('when a job is created without options (as before models could be chosen), then get returns none', async () => {
      const job = await created();
      expect(await store.get(job.jobId)).not.toHaveProperty('options');
    });

    it('when an anonymous job is created, then get returns it without a userId', async () => {
      const job = await created();
      const stored = await store.get(job.jobId);
      expect(stored).toEqual(job);
      expect(stored).not.toHaveProperty('userId');
    });

    it('when a job id is unknown, then get returns null', async () => {
      expect(await store.get(randomUUID())).toBeNull();
    });

    it('when a job id is taken, then create rejects and the first job is kept', async () => {
      const job = await created({ userId: 'first' });
      await expect(store.create({ ...job, userId: 'second' })).rejects.toThrow();
      expect((await store.get(job.jobId))?.userId).toBe('first');
    });

    it('when a worker starts a PENDING job, then it is PROCESSING with one attempt counted', async () => {
      const job = await created();
      const started = await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(5), countAttempt: true });
      expect(started).toMatchObject({
        jobId: job.jobId,
        status: JobStatus.PROCESSING,
        attempts: 1,
        updatedAt: at(5).toISOString(),
        createdAt: job.createdAt,
      });
      const retried = await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(6), countAttempt: true });
      expect(retried?.attempts).toBe(2);
      expect(await store.get(job.jobId)).toEqual(retried);
    });

    it('when a job completes with results, then get returns them and later moves are refused', async () => {
      const job = await created();
      await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(1), countAttempt: true });
      const done = await store.transition(job.jobId, {
        to: JobStatus.COMPLETED,
        at: at(2),
        results: [resultFor('cat')],
      });
      expect(done).toMatchObject({ status: JobStatus.COMPLETED, results: [resultFor('cat')], attempts: 1 });
      expect(await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(3), countAttempt: true })).toBeNull();
      expect(await store.transition(job.jobId, { to: JobStatus.FAILED, at: at(3), error: 'late' })).toBeNull();
      expect(await store.get(job.jobId)).toEqual(done);
    });

    it('when a PENDING job is completed without being started, then the move is refused', async () => {
      const job = await created();
      expect(await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: at(1), results: [] })).toBeNull();
      expect((await store.get(job.jobId))?.status).toBe(JobStatus.PENDING);
    });

    it('when a job fails, then its error is kept', async () => {
      const job = await created();
      const failed = await store.transition(job.jobId, {
        to: JobStatus.FAILED,
        at: at(1),
        error: 'the job could not be queued',
      });
      expect(failed).toMatchObject({ status: JobStatus.FAILED, error: 'the job could not be queued' });
      expect((await store.get(job.jobId))?.error).toBe('the job could not be queued');
    });

    describe('progress', () => {
      const start = (job: Job, second = 1) =>
        store.transition(job.jobId, {
          to: JobStatus.PROCESSING,
          at: at(second),
          countAttempt: true,
          initialResults: pendingResults(job.imageUrls),
        });

      it('when a worker starts a job, then every image is pending, nothing is processed and startedAt is set once', async () => {
        const job = await created({ images: 3 });
        const started = await start(job, 1);
        expect(started).toMatchObject({ processedImages: 0, startedAt: at(1).toISOString() });
        expect(started?.results?.map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
        expect(started).not.toHaveProperty('completedAt');
        // A retry keeps the first start time and the entries already there.
        await store.recordImage(job.jobId, resultFor('cat', 0), at(2));
        const retried = await start(job, 3);
        expect(retried).toMatchObject({ startedAt: at(1).toISOString(), processedImages: 1, attempts: 2 });
        expect(retried?.results?.[0]).toEqual(resultFor('cat', 0));
      });

      it('when images finish one by one, then each is readable with its status and processedImages counts them', async () => {
        const job = await created({ images: 3 });
        await start(job);
        const first = await store.recordImage(job.jobId, resultFor('cat', 1), at(2));
        expect(first).toMatchObject({
          status: JobStatus.PROCESSING,
          processedImages: 1,
          updatedAt: at(2).toISOString(),
        });
        expect(first?.results?.map((r) => r.status)).toEqual(['pending', 'done', 'pending']);
        const failed: ImageResult = {
          ...pendingResults(job.imageUrls)[2],
          status: 'failed',
          error: 'image not found',
          durationMs: 3,
        };
        await store.recordImage(job.jobId, failed, at(3));
        const read = await store.get(job.jobId);
        expect(read?.processedImages).toBe(2);
        expect(read?.results).toEqual([pendingResults(job.imageUrls)[0], resultFor('cat', 1), failed]);
      });

      it('when an image is recorded twice, then the second record is refused and the first kept', async () => {
        const job = await created({ images: 2 });
        await start(job);
        expect(await store.recordImage(job.jobId, resultFor('cat', 0), at(2))).not.toBeNull();
        expect(await store.recordImage(job.jobId, resultFor('dog', 0), at(3))).toBeNull();
        expect((await store.get(job.jobId))?.results?.[0]).toEqual(resultFor('cat', 0));
      });

      it('when workers record different images of one job at once, then every record is kept', async () => {
        const job = await created({ images: 6 });
        await start(job);
        const labels = ['cat', 'dog', 'cup', 'car', 'bus', 'kite'];
        const written = await Promise.all(
          labels.map((label, i) => store.recordImage(job.jobId, resultFor(label, i), at(2))),
        );
        expect(written.every((w) => w !== null)).toBe(true);
        const read = await store.get(job.jobId);
        expect(read?.results).toEqual(labels.map((label, i) => resultFor(label, i)));
        expect(read?.processedImages).toBe(6);
      });

      it('when a PROCESSING job is cancelled, then its recorded images are kept and nothing more is written', async () => {
        const job = await created({ images: 2 });
        await start(job);
        await store.recordImage(job.jobId, resultFor('cat', 0), at(2));
        const cancelled = await store.transition(job.jobId, { to: JobStatus.CANCELLED, at: at(3) });
        expect(cancelled).toMatchObject({
          status: JobStatus.CANCELLED,
          processedImages: 1,
          completedAt: at(3).toISOString(),
        });
        expect(cancelled?.results?.[0]).toEqual(resultFor('cat', 0));
        expect(await store.recordImage(job.jobId, resultFor('dog', 1), at(4))).toBeNull();
        expect(await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: at(4), results: [] })).toBeNull();
        expect(await store.transition(job.jobId, { to: JobStatus.CANCELLED, at: at(5) })).toBeNull();
        expect(await store.get(job.jobId)).toEqual(cancelled);
      });

      it('when a finished job with a failed image is reopened, then it is PENDING again, listed for the requeue sweep, once', async () => {
        const job = await created({ images: 2 });
        await start(job);
        const failed: ImageResult = { ...pendingResults(job.imageUrls)[1], status: 'failed', error: 'image not found' };
        const finished = await store.transition(job.jobId, {
          to: JobStatus.COMPLETED,
          at: at(4),
          results: [resultFor('cat', 0), failed],
        });
        const results = reopenFailedImages(finished!.results, finished!.completedAt!)!;
        expect(results[1]).toMatchObject({
          status: 'pending',
          history: [{ error: 'image not found', failedAt: at(4).toISOString() }],
        });
        const reopenedAt = new Date();
        const reopened = await store.reopen(job.jobId, { from: finished!, results, at: reopenedAt });
        expect(reopened).toMatchObject({
          status: JobStatus.PENDING,
          processedImages: 1,
          results,
          updatedAt: reopenedAt.toISOString(),
        });
        expect(reopened).not.toHaveProperty('completedAt');
        expect(reopened).not.toHaveProperty('error');
        expect(await store.get(job.jobId)).toEqual(reopened);
        const waiting = await store.listPendingSince(new Date(reopenedAt.getTime() + 1), 1000);
        expect(waiting.map((pending) => pending.jobId)).toContain(job.jobId);
        // A second retry that read the job before the first: refused.
        expect(await store.reopen(job.jobId, { from: finished!, results, at: new Date() })).toBeNull();
        // The worker's start keeps the reopened entries.
        expect((await start(job, 6))?.results).toEqual(results);
      });

      it('when the job is not PROCESSING, then a record is refused and nothing changes', async () => {
        const pendingJob = await created();
        expect(await store.recordImage(pendingJob.jobId, resultFor('cat'), at(2))).toBeNull();
        expect(await store.get(pendingJob.jobId)).toEqual(pendingJob);
        const done = await created();
        await start(done);
        const completed = await store.transition(done.jobId, {
          to: JobStatus.COMPLETED,
          at: at(4),
          results: [resultFor('dog')],
        });
        expect(completed?.completedAt).toBe(at(4).toISOString());
        expect(await store.recordImage(done.jobId, { ...resultFor('cat'), status: 'pending' }, at(5))).toBeNull();
        expect(await store.get(done.jobId)).toEqual(completed);
        expect(await store.recordImage(randomUUID(), resultFor('cat'), at(5))).toBeNull();
      });
    });

    describe('idempotency keys', () => {
      const claimOf = (overrides: Partial<IdempotencyClaim> = {}): IdempotencyClaim => ({
        tenantId: 'acme',
        key: `key-${randomUUID()}`,
        requestHash: 'hash-1',
        jobId: randomUUID(),
        createdAt: new Date().toISOString(),
        expiresAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
        ...overrides,
      });

      it('when a key is claimed twice, then the second claim gets the first one back', async () => {
        const first = claimOf();
        expect(await store.claimIdempotencyKey(first)).toEqual(first);
        const second = { ...first, jobId: randomUUID(), requestHash: 'hash-2' };
        expect(await store.claimIdempotencyKey(second)).toEqual(first);
      });

      it('when two tenants use the same key, then each holds its own claim', async () => {
        const acme = claimOf();
        const globex = { ...acme, tenantId: 'globex', jobId: randomUUID() };
        expect(await store.claimIdempotencyKey(acme)).toEqual(acme);
        expect(await store.claimIdempotencyKey(globex)).toEqual(globex);
      });

      it('when 20 claims of one key race, then exactly one wins and all see the winner', async () => {
        const key = `race-${randomUUID()}`;
        const claims = Array.from({ length: 20 }, () => claimOf({ key }));
        const holders = await Promise.all(claims.map((claim) => store.claimIdempotencyKey(claim)));
        const winners = new Set(holders.map((holder) => holder.jobId));
        expect(winners.size).toBe(1);
        expect(claims.map((claim) => claim.jobId)).toContain([...winners][0]);
      });

      it('when a claim has expired, then a new one takes the key', async () => {
        const old = claimOf({
          createdAt: new Date(Date.now() - 25 * 3600_000).toISOString(),
          expiresAt: new Date(Date.now() - 3600_000).toISOString(),
        });
        await store.claimIdempotencyKey(old);
        const fresh = claimOf({ key: old.key });
        expect(await store.claimIdempotencyKey(fresh)).toEqual(fresh);
      });

      it("when a claim is released, then the key is free again, but only its own job's claim is released", async () => {
        const first = claimOf();
        await store.claimIdempotencyKey(first);
        await store.releaseIdempotencyKey({ ...first, jobId: randomUUID() });
        expect(await store.claimIdempotencyKey(claimOf({ key: first.key }))).toEqual(first);
        await store.releaseIdempotencyKey(first);
        const next = claimOf({ key: first.key });
        expect(await store.claimIdempotencyKey(next)).toEqual(next);
      });
    });

    describe('webhook', () => {
      const callbackUrl = 'https://hooks.example.com/detections?source=contract';

      it('when a job is created with a callbackUrl, then get returns it with a pending webhook; without, neither', async () => {
        const job = await created({ callbackUrl });
        expect(await store.get(job.jobId)).toEqual({
          ...job,
          callbackUrl,
          webhook: { status: 'pending', attempts: 0 },
        });
        const plain = await store.get((await created()).jobId);
        expect(plain).not.toHaveProperty('callbackUrl');
        expect(plain).not.toHaveProperty('webhook');
      });

      it('when attempts are recorded in turn, then each is kept and updatedAt is left alone', async () => {
        const job = await created({ callbackUrl });
        const failed = await store.recordWebhookAttempt(
          job.jobId,
          { status: 'delivering', attempts: 1, lastError: 'HTTP 503' },
          0,
        );
        expect(failed?.webhook).toEqual({ status: 'delivering', attempts: 1, lastError: 'HTTP 503' });
        expect(failed?.updatedAt).toBe(job.updatedAt);
        const delivered = { status: 'delivered' as const, attempts: 2, deliveredAt: at(9).toISOString() };
        expect((await store.recordWebhookAttempt(job.jobId, delivered, 1))?.webhook).toEqual(delivered);
        expect((await store.get(job.jobId))?.webhook).toEqual(delivered);
      });

      it('when the same attempt is recorded twice (a redelivered message), then the second is refused and the first kept', async () => {
        const job = await created({ callbackUrl });
        const first = { status: 'delivering' as const, attempts: 1, lastError: 'timeout after 5 s' };
        expect(await store.recordWebhookAttempt(job.jobId, first, 0)).not.toBeNull();
        expect(
          await store.recordWebhookAttempt(
            job.jobId,
            { status: 'delivered', attempts: 1, deliveredAt: at(1).toISOString() },
            0,
          ),
        ).toBeNull();
        expect((await store.get(job.jobId))?.webhook).toEqual(first);
      });

      it('when 10 deliveries of one attempt race, then exactly one records it', async () => {
        const job = await created({ callbackUrl });
        const outcomes = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.recordWebhookAttempt(job.jobId, { status: 'delivering', attempts: 1, lastError: `HTTP 50${i}` }, 0),
          ),
        );
        expect(outcomes.filter(Boolean)).toHaveLength(1);
      });

      it('when a job has no webhook or does not exist, then recording an attempt returns null and creates nothing', async () => {
        const job = await created();
        expect(await store.recordWebhookAttempt(job.jobId, { status: 'delivered', attempts: 1 }, 0)).toBeNull();
        expect(await store.get(job.jobId)).toEqual(job);
        const missing = randomUUID();
        expect(await store.recordWebhookAttempt(missing, { status: 'delivered', attempts: 1 }, 0)).toBeNull();
        expect(await store.get(missing)).toBeNull();
      });

      it('when a finished job with a webhook is reopened, then its webhook is pending again for its next end', async () => {
        const job = await created({ callbackUrl });
        await store.transition(job.jobId, {
          to: JobStatus.PROCESSING,
          at: at(1),
          countAttempt: true,
          initialResults: pendingResults(job.imageUrls),
        });
        const failedImage: ImageResult = {
          ...pendingResults(job.imageUrls)[0],
          status: 'failed',
          error: 'image not found',
        };
        const ended = await store.transition(job.jobId, {
          to: JobStatus.FAILED,
          at: at(2),
          results: [failedImage],
          error: 'all 1 image(s) failed',
        });
        await store.recordWebhookAttempt(
          job.jobId,
          { status: 'delivered', attempts: 1, deliveredAt: at(3).toISOString() },
          0,
        );
        const reopened = await store.reopen(job.jobId, {
          from: ended!,
          results: reopenFailedImages(ended!.results, at(4).toISOString())!,
          at: at(4),
        });
        expect(reopened).toMatchObject({
          status: JobStatus.PENDING,
          callbackUrl,
          webhook: { status: 'pending', attempts: 0 },
        });
      });
    });

    it('when the job does not exist, then a transition returns null and creates nothing', async () => {
      const jobId = randomUUID();
      expect(await store.transition(jobId, { to: JobStatus.FAILED, at: at(1), error: 'x' })).toBeNull();
      expect(await store.get(jobId)).toBeNull();
    });

    it('when results are larger than a DynamoDB item may be, then get still returns them whole', async () => {
      const job = await created({ images: 1 });
      const many = Array.from({ length: 4000 }, (_, i) => ({
        label: `label-${i}-${'x'.repeat(60)}`,
        classId: 1,
        confidence: 0.5 + (i % 50) / 100,
        bbox: [i, i + 1, i + 2, i + 3] as [number, number, number, number],
        bboxNormalized: [0, 0, 0, 0] as [number, number, number, number],
      }));
      const results: ImageResult[] = [
        { imageUrl: job.imageUrls[0], imageIndex: 0, status: 'done', detections: many, detectionCount: many.length },
      ];
      expect(Buffer.byteLength(JSON.stringify(results))).toBeGreaterThan(400 * 1024);
      await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(1), countAttempt: true });
      const done = await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: at(2), results });
      expect(done?.results).toEqual(results);
      expect((await store.get(job.jobId))?.results).toEqual(results);
    });

    it("when a user's jobs are listed, then they come newest first, a page at a time, without other users' jobs", async () => {
      const userId = `user-${randomUUID()}`;
      const jobs = [];
      for (let i = 0; i < 5; i++) jobs.push(await created({ userId, now: at(10 + i) }));
      await created({ userId: `${userId}-other`, now: at(30) });
      await created({ now: at(31) });
      const newestFirst = jobs.reverse().map((job) => job.jobId);

      const first = await store.listByUser({ tenantId: 'default', userId }, { limit: 2 });
      const second = await store.listByUser({ tenantId: 'default', userId }, { limit: 2, cursor: first.nextCursor });
      const third = await store.listByUser({ tenantId: 'default', userId }, { limit: 2, cursor: second.nextCursor });
      expect([first, second, third].map((page) => page.items.map((job) => job.jobId))).toEqual([
        newestFirst.slice(0, 2),
        newestFirst.slice(2, 4),
        newestFirst.slice(4),
      ]);
      expect(first.nextCursor).toEqual(expect.any(String));
      expect(third.nextCursor).toBeUndefined();
      expect(await store.listByUser({ tenantId: 'default', userId }, { limit: 5 })).toEqual({
        items: expect.any(Array),
      });
    });

    it('when listed jobs have results, then the listing carries them', async () => {
      const userId = `user-${randomUUID()}`;
      const job = await created({ userId });
      await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(1), countAttempt: true });
      await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: at(2), results: [resultFor('dog')] });
      expect((await store.listByUser({ tenantId: 'default', userId }, { limit: 10 })).items[0].results).toEqual([
        resultFor('dog'),
      ]);
    });

    it('when a user has no jobs, then the listing is empty and has no cursor', async () => {
      expect(await store.listByUser({ tenantId: 'default', userId: `nobody-${randomUUID()}` }, { limit: 10 })).toEqual({
        items: [],
      });
    });

    it('when the cursor is not one the store issued, then listing fails with a validation error naming cursor', async () => {
      const error = await store
        .listByUser({ tenantId: 'default', userId: 'user123' }, { limit: 2, cursor: 'not-a-cursor' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(AppError);
      expect(error.problems[0]).toMatchObject({ field: 'cursor' });
    });

    it('when a job is created for a tenant, then get returns it with that tenant; without one, the default tenant', async () => {
      const acme = await created({ tenantId: 'acme', userId: 'alice' });
      expect(await store.get(acme.jobId)).toEqual({ ...acme, tenantId: 'acme' });
      const unnamed = await created({ userId: 'alice' });
      expect((await store.get(unnamed.jobId))?.tenantId).toBe('default');
    });

    it("when two tenants each have a user of the same id, then each listing holds only its own tenant's jobs, page by page", async () => {
      const userId = `shared-${randomUUID()}`;
      const acme = [];
      const globex = [];
      for (let i = 0; i < 3; i++) {
        acme.push(await created({ tenantId: 'acme', userId, now: at(40 + 2 * i) }));
        globex.push(await created({ tenantId: 'globex', userId, now: at(41 + 2 * i) }));
      }
      await created({ userId, now: at(50) });
      const idsOf = (jobs: Job[]) => jobs.map((job) => job.jobId).reverse();

      const acmeFirst = await store.listByUser({ tenantId: 'acme', userId }, { limit: 2 });
      const acmeRest = await store.listByUser({ tenantId: 'acme', userId }, { limit: 2, cursor: acmeFirst.nextCursor });
      expect([...acmeFirst.items, ...acmeRest.items].map((job) => job.jobId)).toEqual(idsOf(acme));
      expect(acmeRest.nextCursor).toBeUndefined();
      const globexAll = await store.listByUser({ tenantId: 'globex', userId }, { limit: 10 });
      expect(globexAll.items.map((job) => job.jobId)).toEqual(idsOf(globex));
      expect(globexAll.items.every((job) => job.tenantId === 'globex')).toBe(true);
      expect((await store.listByUser({ tenantId: 'initech', userId }, { limit: 10 })).items).toEqual([]);
    });

    it("when a cursor issued to one tenant is passed by another, then it lists only the other tenant's own jobs", async () => {
      const userId = `cursor-${randomUUID()}`;
      for (let i = 0; i < 3; i++) await created({ tenantId: 'acme', userId, now: at(20 + i) });
      const intruderJob = await created({ tenantId: 'globex', userId, now: at(1) });
      const acmePage = await store.listByUser({ tenantId: 'acme', userId }, { limit: 1 });
      expect(acmePage.nextCursor).toEqual(expect.any(String));
      const replayed = await store.listByUser(
        { tenantId: 'globex', userId },
        { limit: 10, cursor: acmePage.nextCursor },
      );
      expect(replayed.items.map((job) => job.jobId)).toEqual([intruderJob.jobId]);
    });

    it('when a tenant name holds the characters a key is built from, then it still cannot reach another tenant', async () => {
      const userId = `edge-${randomUUID()}`;
      const plain = await created({ tenantId: 'a', userId: `b#${userId}` });
      const tricky = await created({ tenantId: 'a#b', userId });
      expect(
        (await store.listByUser({ tenantId: 'a#b', userId }, { limit: 10 })).items.map((job) => job.jobId),
      ).toEqual([tricky.jobId]);
      expect(
        (await store.listByUser({ tenantId: 'a', userId: `b#${userId}` }, { limit: 10 })).items.map((job) => job.jobId),
      ).toEqual([plain.jobId]);
    });

    it("when two workers finish the same job at once, then exactly one result is recorded: the winner's", async () => {
      for (let round = 0; round < 5; round++) {
        const job = await created();
        const workers = ['cat', 'dog', 'cup'].map(async (label, i) => {
          await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: at(1), countAttempt: true });
          return {
            label,
            written: await store.transition(job.jobId, {
              to: JobStatus.COMPLETED,
              at: at(2 + i),
              results: [resultFor(label)],
            }),
          };
        });
        const outcomes = await Promise.all(workers);
        const winners = outcomes.filter((o) => o.written !== null);
        expect(winners).toHaveLength(1);
        expect((await store.get(job.jobId))?.results).toEqual([resultFor(winners[0].label)]);
      }
    });

    it('when two workers run the process-job use case on one job at once, then one completes it and the other finds it done', async () => {
      const { storage, config } = fixture;
      await storage.write('uploads/race/chelsea.png', readFileSync(join(FIXTURES, 'chelsea.png')), {
        contentType: 'image/png',
      });
      const detector = await createTestDetector(config);
      try {
        const job = newJob(
          { jobId: randomUUID(), imageUrls: [`s3://${storage.bucket}/uploads/race/chelsea.png`] },
          new Date(),
        );
        await store.create(job);
        const workers = [1, 2].map(
          () => new ProcessJobUseCase(store, storage, detector, jobsOptionsOf(config).process),
        );
        const outcomes = await Promise.all(
          workers.map((worker) => worker.execute(new ProcessJobCommand(job.jobId, 1))),
        );
        expect(outcomes.map((r) => r.outcome).sort()).toEqual([JobStatus.COMPLETED, 'already-done'].sort());
        const stored = await store.get(job.jobId);
        expect(stored?.status).toBe(JobStatus.COMPLETED);
        expect(stored?.results?.[0].detections.map((d) => d.label)).toContain('cat');
      } finally {
        await detector.onModuleDestroy();
      }
    });

    const utc = (year: number, second = 0) => new Date(Date.UTC(year, 0, 1, 0, 0, second));

    it('when jobs wait PENDING, then listPendingSince gives those waiting since before the cutoff, oldest first, until they start or fail', async () => {
      const [a, b, started, failed, late] = [
        await created({ now: utc(2001, 1) }),
        await created({ now: utc(2001, 2) }),
        await created({ now: utc(2001, 3) }),
        await created({ now: utc(2001, 4) }),
        await created({ now: utc(2001, 20) }),
      ];
      await store.transition(started.jobId, { to: JobStatus.PROCESSING, at: utc(2001, 5), countAttempt: true });
      await store.transition(failed.jobId, { to: JobStatus.FAILED, at: utc(2001, 5), error: 'x' });
      expect(await store.listPendingSince(utc(2001, 10), 10)).toEqual([
        { jobId: a.jobId, pendingSince: a.createdAt },
        { jobId: b.jobId, pendingSince: b.createdAt },
      ]);
      expect(await store.listPendingSince(utc(2001, 10), 1)).toEqual([{ jobId: a.jobId, pendingSince: a.createdAt }]);
      expect((await store.listPendingSince(utc(2001, 30), 10)).map((job) => job.jobId)).toContain(late.jobId);
    });

    it('when two sweepers claim one PENDING job at once, then exactly one wins and the job waits again from then', async () => {
      const job = await created({ now: utc(2002) });
      const [seen] = (await store.listPendingSince(utc(2002, 1), 10)).filter((p) => p.jobId === job.jobId);
      expect(seen).toEqual({ jobId: job.jobId, pendingSince: job.createdAt });
      const claims = await Promise.all([1, 2, 3].map(() => store.claimRequeue(seen, utc(2002, 30))));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect((await store.listPendingSince(utc(2002, 1), 100)).map((p) => p.jobId)).not.toContain(job.jobId);
      expect(await store.listPendingSince(utc(2002, 31), 100)).toContainEqual({
        jobId: job.jobId,
        pendingSince: utc(2002, 30).toISOString(),
      });
      // The job itself is untouched: still PENDING, as created.
      expect(await store.get(job.jobId)).toEqual(job);
      await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: utc(2002, 40), countAttempt: true });
      expect(
        await store.claimRequeue({ jobId: job.jobId, pendingSince: utc(2002, 30).toISOString() }, utc(2002, 50)),
      ).toBe(false);
    });

    it('when the API died between storing a job and sending its message, then the requeue sweep queues it and a worker completes it', async () => {
      const { storage, queue } = fixture;
      await storage.write('uploads/crash/chelsea.png', readFileSync(join(FIXTURES, 'chelsea.png')), {
        contentType: 'image/png',
      });
      // The store's state after such a crash: the job, and no message. The oldest PENDING job of the suite.
      const job = newJob(
        { jobId: randomUUID(), imageUrls: [`s3://${storage.bucket}/uploads/crash/chelsea.png`] },
        utc(2000),
      );
      await store.create(job);
      expect(await fixture.receiveJobIds()).toEqual([]);

      const sweepers = [1, 2].map(() => new RequeuePendingJobsUseCase(store, queue));
      const requeued = await Promise.all(
        sweepers.map((sweeper) => sweeper.execute(new RequeuePendingJobsCommand(new Date(), 300, 1))),
      );
      expect(requeued.flat()).toEqual([job.jobId]);
      const received = await fixture.receiveJobIds();
      expect(received).toEqual([job.jobId]);

      const { outcome } = await processStoredJob(received[0]);
      expect(outcome).toBe(JobStatus.COMPLETED);
      const done = await store.get(job.jobId);
      expect(done?.results?.[0].detections.map((d) => d.label)).toContain('cat');
      expect((await store.listPendingSince(new Date(), 100)).map((p) => p.jobId)).not.toContain(job.jobId);
    });

    it('when a job stored with options is processed, then the worker detects with the model and thresholds the store gave it', async () => {
      const { storage } = fixture;
      await storage.write('uploads/options/coffee.png', readFileSync(join(FIXTURES, 'coffee.png')), {
        contentType: 'image/png',
      });
      const options = {
        model: 'yolox-nano@1',
        minConfidence: 0.3,
        iouThreshold: 0.5,
        maxDetections: 5,
        classes: ['cup'],
      };
      const job = newJob(
        { jobId: randomUUID(), imageUrls: [`s3://${storage.bucket}/uploads/options/coffee.png`], options },
        new Date(),
      );
      await store.create(job);
      // The message names the job only: model and thresholds come from the store.
      await processStoredJob(job.jobId);
      const [result] = (await store.get(job.jobId))!.results!;
      expect(result.model).toEqual({ name: 'yolox-nano', version: '1' });
      expect(result.detections.map((d) => d.label)).toEqual(['cup']); // the dining table YOLOX sees is filtered out
    });

    it('when a job stored with tiling is processed, then the worker tiles: a small cat the whole image misses is found', async () => {
      const { storage } = fixture;
      // The cat photo shrunk to 150 x 100 on a plain 1600 x 1200 field (SSDLite alone calls it a kite, bench/RESULTS.md).
      const cat = await sharp(join(FIXTURES, 'chelsea.png')).resize(150, 100).toBuffer();
      const photo = await sharp({
        create: { width: 1600, height: 1200, channels: 3, background: { r: 120, g: 130, b: 110 } },
      })
        .composite([{ input: cat, left: 300, top: 300 }])
        .jpeg({ quality: 92 })
        .toBuffer();
      await storage.write('uploads/tiling/small-cat.jpg', photo, { contentType: 'image/jpeg' });
      const imageUrl = `s3://${storage.bucket}/uploads/tiling/small-cat.jpg`;
      const base = { model: 'ssdlite@1', minConfidence: 0.3, iouThreshold: 0.6, maxDetections: 100 };
      const labelsFound = async (options: DetectionOptions) => {
        const job = newJob({ jobId: randomUUID(), imageUrls: [imageUrl], options }, new Date());
        await store.create(job);
        await processStoredJob(job.jobId);
        return (await store.get(job.jobId))!.results![0].detections.map((d) => d.label);
      };
      expect(await labelsFound(base)).not.toContain('cat');
      expect(await labelsFound({ ...base, tiling: true })).toContain('cat');
    });

    it('when the store is up, then ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
