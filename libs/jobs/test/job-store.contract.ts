import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfig, jobsOptionsOf } from '@app/config';
import { AppError } from '@app/core';
import { ObjectStorage } from '@app/storage';
import { FIXTURES } from '../../../test/support/test-env';
import { ImageResult, Job, newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';
import { JobQueue } from '../src/ports/job-queue.port';
import { JobStore } from '../src/ports/job-store.port';
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
  detections: [{ label, confidence: 0.9, bbox: [1, 2, 3, 4] }],
  detectionCount: 1,
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
        now: Date;
        images: number;
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

    it('when a job is created, then get returns it as it was given', async () => {
      const job = await created({
        userId: 'user123',
        metadata: { source: 'mobile-app', nested: { n: 1, ok: true } },
        images: 2,
      });
      expect(await store.get(job.jobId)).toEqual(job);
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

    it('when the job does not exist, then a transition returns null and creates nothing', async () => {
      const jobId = randomUUID();
      expect(await store.transition(jobId, { to: JobStatus.FAILED, at: at(1), error: 'x' })).toBeNull();
      expect(await store.get(jobId)).toBeNull();
    });

    it('when results are larger than a DynamoDB item may be, then get still returns them whole', async () => {
      const job = await created({ images: 1 });
      const many = Array.from({ length: 4000 }, (_, i) => ({
        label: `label-${i}-${'x'.repeat(60)}`,
        confidence: 0.5 + (i % 50) / 100,
        bbox: [i, i + 1, i + 2, i + 3] as [number, number, number, number],
      }));
      const results: ImageResult[] = [
        { imageUrl: job.imageUrls[0], imageIndex: 0, detections: many, detectionCount: many.length },
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
        expect(outcomes.sort()).toEqual([JobStatus.COMPLETED, 'already-done'].sort());
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
      const { storage, config, queue } = fixture;
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

      const detector = await createTestDetector(config);
      try {
        const outcome = await new ProcessJobUseCase(store, storage, detector, jobsOptionsOf(config).process).execute(
          new ProcessJobCommand(received[0], 1),
        );
        expect(outcome).toBe(JobStatus.COMPLETED);
      } finally {
        await detector.onModuleDestroy();
      }
      const done = await store.get(job.jobId);
      expect(done?.results?.[0].detections.map((d) => d.label)).toContain('cat');
      expect((await store.listPendingSince(new Date(), 100)).map((p) => p.jobId)).not.toContain(job.jobId);
    });

    it('when the store is up, then ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
