import Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@app/core';
import { tempDataDir } from '../../../test/support/test-env';
import { SqliteJobStore } from '../src/adapters/sqlite/sqlite-job-store';
import { SCHEMA_VERSION } from '../src/adapters/sqlite/schema';
import { ImageResult, Job, newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 28, 21, minute));
const job = (jobId: string, extra: Partial<Parameters<typeof newJob>[0]> = {}, createdAt = at(0)): Job =>
  newJob({ jobId, imageUrls: ['s3://bucket/uploads/a.png'], ...extra }, createdAt);
const result: ImageResult = {
  imageUrl: 's3://bucket/uploads/a.png',
  imageIndex: 0,
  status: 'done',
  detections: [{ label: 'cat', classId: 17, confidence: 0.91, bbox: [1, 2, 300, 200], bboxNormalized: [0, 0, 1, 1] }],
  detectionCount: 1,
};

describe('SqliteJobStore', () => {
  let data: ReturnType<typeof tempDataDir>;
  let file: string;
  let store: SqliteJobStore;
  const others: SqliteJobStore[] = [];
  const open = () => {
    const extra = new SqliteJobStore(file);
    others.push(extra);
    return extra;
  };

  beforeEach(() => {
    data = tempDataDir('job-store');
    file = join(data.dir, 'db', 'jobs.sqlite');
    store = new SqliteJobStore(file);
  });
  afterEach(() => {
    for (const other of others.splice(0)) other.close();
    store.close();
    data.remove();
  });

  const processing = async (jobId: string) => {
    await store.create(job(jobId));
    expect(await store.transition(jobId, { to: JobStatus.PROCESSING, at: at(1), countAttempt: true })).not.toBeNull();
  };

  describe('create and get', () => {
    it('when a job with every optional field is created, then get returns it unchanged', async () => {
      const full: Job = {
        ...job('j-full', {
          imageUrls: ['s3://bucket/a.png', 's3://bucket/b.png'],
          userId: 'user123',
          metadata: { source: 'mobile-app', n: 2, nested: { ok: true } },
        }),
        results: [result],
        processedImages: 1,
        error: 'why not',
        attempts: 3,
      };
      await store.create(full);
      expect(await store.get('j-full')).toEqual(full);
    });

    it('when a job without optional fields is created, then get returns it without userId, metadata, results or error keys', async () => {
      const bare = job('j-bare');
      await store.create(bare);
      const got = await store.get('j-bare');
      expect(got).toEqual(bare);
      expect(Object.keys(got!).sort()).toEqual([
        'attempts',
        'createdAt',
        'imageCount',
        'imageUrls',
        'jobId',
        'processedImages',
        'status',
        'tenantId',
        'updatedAt',
      ]);
    });

    it('when the id is unknown, then get returns null', async () => {
      expect(await store.get('nope')).toBeNull();
    });

    it('when a job id is already taken, then create fails and the first job is kept', async () => {
      await store.create(job('j-dup', { userId: 'first' }));
      await expect(store.create(job('j-dup', { userId: 'second' }))).rejects.toThrow(/UNIQUE/);
      expect((await store.get('j-dup'))?.userId).toBe('first');
    });

    it('when the store file lies in a folder that does not exist yet, then the folder is created', async () => {
      const nested = new SqliteJobStore(join(data.dir, 'a', 'b', 'jobs.sqlite'));
      others.push(nested);
      await nested.create(job('j-nested'));
      expect((await nested.get('j-nested'))?.jobId).toBe('j-nested');
    });
  });

  describe('transition', () => {
    it('when a PENDING job starts processing, then it is PROCESSING with one attempt and the new updatedAt', async () => {
      await store.create(job('j-1'));
      const moved = await store.transition('j-1', { to: JobStatus.PROCESSING, at: at(5), countAttempt: true });
      expect(moved).toMatchObject({
        status: JobStatus.PROCESSING,
        attempts: 1,
        updatedAt: at(5).toISOString(),
        createdAt: at(0).toISOString(),
      });
      expect(await store.get('j-1')).toEqual(moved);
    });

    it('when a PROCESSING job is picked up again, then the move is allowed and attempts count up', async () => {
      await processing('j-retry');
      const again = await store.transition('j-retry', { to: JobStatus.PROCESSING, at: at(2), countAttempt: true });
      expect(again).toMatchObject({ status: JobStatus.PROCESSING, attempts: 2 });
    });

    it('when a move does not count an attempt, then attempts stay as they were', async () => {
      await processing('j-no-count');
      expect(
        await store.transition('j-no-count', { to: JobStatus.COMPLETED, at: at(2), results: [result] }),
      ).toMatchObject({ attempts: 1 });
    });

    it('when a PROCESSING job completes with results, then the results are stored', async () => {
      await processing('j-done');
      const done = await store.transition('j-done', { to: JobStatus.COMPLETED, at: at(3), results: [result] });
      expect(done).toMatchObject({ status: JobStatus.COMPLETED, results: [result], updatedAt: at(3).toISOString() });
      expect((await store.get('j-done'))?.results).toEqual([result]);
    });

    it('when a job fails with an error, then the error is stored', async () => {
      await processing('j-fail');
      await store.transition('j-fail', { to: JobStatus.FAILED, at: at(3), error: 'all 1 image(s) failed' });
      expect(await store.get('j-fail')).toMatchObject({ status: JobStatus.FAILED, error: 'all 1 image(s) failed' });
    });

    it('when a PENDING job could not be queued, then it may go straight to FAILED', async () => {
      await store.create(job('j-unqueued'));
      expect(
        await store.transition('j-unqueued', { to: JobStatus.FAILED, at: at(1), error: 'not queued' }),
      ).toMatchObject({ status: JobStatus.FAILED });
    });

    it('when a COMPLETED job would go back to PROCESSING, then the move is refused (null) and nothing changes', async () => {
      await processing('j-c');
      await store.transition('j-c', { to: JobStatus.COMPLETED, at: at(2), results: [result] });
      const before = await store.get('j-c');
      expect(await store.transition('j-c', { to: JobStatus.PROCESSING, at: at(9), countAttempt: true })).toBeNull();
      expect(await store.get('j-c')).toEqual(before);
    });

    it('when a FAILED job would be completed, then the move is refused and no results are written', async () => {
      await processing('j-f');
      await store.transition('j-f', { to: JobStatus.FAILED, at: at(2), error: 'gave up' });
      expect(await store.transition('j-f', { to: JobStatus.COMPLETED, at: at(3), results: [result] })).toBeNull();
      expect(await store.get('j-f')).toMatchObject({ status: JobStatus.FAILED, error: 'gave up' });
      expect((await store.get('j-f'))?.results).toBeUndefined();
    });

    it('when a PENDING job would be completed without being processed, then the move is refused', async () => {
      await store.create(job('j-skip'));
      expect(await store.transition('j-skip', { to: JobStatus.COMPLETED, at: at(1), results: [result] })).toBeNull();
      expect((await store.get('j-skip'))?.status).toBe(JobStatus.PENDING);
    });

    it('when any job would move back to PENDING, then the move is refused', async () => {
      await store.create(job('j-back'));
      expect(await store.transition('j-back', { to: JobStatus.PENDING, at: at(1) })).toBeNull();
    });

    it('when the job does not exist, then transition returns null', async () => {
      expect(await store.transition('ghost', { to: JobStatus.PROCESSING, at: at(1), countAttempt: true })).toBeNull();
    });

    it('when two workers complete the same job through separate connections, then exactly one wins and its results stay', async () => {
      await processing('j-race');
      const [a, b] = [open(), open()];
      const resultOf = (label: string): ImageResult[] => [
        { ...result, detections: [{ ...result.detections[0], label }] },
      ];
      const outcomes = await Promise.all([
        a.transition('j-race', { to: JobStatus.COMPLETED, at: at(4), results: resultOf('from-a') }),
        b.transition('j-race', { to: JobStatus.COMPLETED, at: at(5), results: resultOf('from-b') }),
      ]);
      const winners = outcomes.filter((outcome) => outcome !== null);
      expect(winners).toHaveLength(1);
      expect((await store.get('j-race'))?.results).toEqual(winners[0]!.results);
    });
  });

  describe('listByUser', () => {
    const seed = async (count: number, userId = 'alice') => {
      for (let i = 0; i < count; i++) await store.create(job(`${userId}-${i}`, { userId }, at(i)));
    };

    it("when a user has jobs, then they are listed newest first and other users' jobs are left out", async () => {
      await seed(3);
      await seed(2, 'bob');
      await store.create(job('anonymous', {}, at(30)));
      const page = await store.listByUser({ tenantId: 'default', userId: 'alice' }, { limit: 10 });
      expect(page.items.map((j) => j.jobId)).toEqual(['alice-2', 'alice-1', 'alice-0']);
      expect(page.nextCursor).toBeUndefined();
    });

    it('when the jobs span several pages, then following the cursor lists each job exactly once, newest first', async () => {
      await seed(7);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listByUser({ tenantId: 'default', userId: 'alice' }, { limit: 3, cursor });
        expect(page.items.length).toBeLessThanOrEqual(3);
        seen.push(...page.items.map((j) => j.jobId));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(['alice-6', 'alice-5', 'alice-4', 'alice-3', 'alice-2', 'alice-1', 'alice-0']);
    });

    it('when the last page is exactly full, then it carries no cursor', async () => {
      await seed(4);
      const first = await store.listByUser({ tenantId: 'default', userId: 'alice' }, { limit: 2 });
      const second = await store.listByUser(
        { tenantId: 'default', userId: 'alice' },
        { limit: 2, cursor: first.nextCursor },
      );
      expect(second.items.map((j) => j.jobId)).toEqual(['alice-1', 'alice-0']);
      expect(second.nextCursor).toBeUndefined();
    });

    it('when jobs share a creation time, then paging still lists each exactly once', async () => {
      for (const id of ['t-a', 't-b', 't-c', 't-d', 't-e']) await store.create(job(id, { userId: 'tie' }, at(7)));
      const first = await store.listByUser({ tenantId: 'default', userId: 'tie' }, { limit: 2 });
      const second = await store.listByUser(
        { tenantId: 'default', userId: 'tie' },
        { limit: 2, cursor: first.nextCursor },
      );
      const third = await store.listByUser(
        { tenantId: 'default', userId: 'tie' },
        { limit: 2, cursor: second.nextCursor },
      );
      const ids = [...first.items, ...second.items, ...third.items].map((j) => j.jobId);
      expect(ids).toEqual(['t-e', 't-d', 't-c', 't-b', 't-a']);
    });

    it('when the user has no jobs, then the page is empty', async () => {
      expect(await store.listByUser({ tenantId: 'default', userId: 'nobody' }, { limit: 5 })).toEqual({ items: [] });
    });

    it('when the cursor is not one the store returned, then an AppError validation names the field `cursor`', async () => {
      await seed(2);
      const listing = store.listByUser({ tenantId: 'default', userId: 'alice' }, { limit: 1, cursor: 'bogus!' });
      await expect(listing).rejects.toBeInstanceOf(AppError);
      await expect(listing).rejects.toMatchObject({
        kind: 'validation',
        problems: [expect.objectContaining({ field: 'cursor' })],
      });
    });
  });

  describe('tenants', () => {
    it('when a database written by the release before tenants is opened, then its jobs belong to the default tenant and are listed there', async () => {
      const oldFile = join(data.dir, 'old', 'jobs.sqlite');
      mkdirSync(dirname(oldFile), { recursive: true });
      const old = new Database(oldFile);
      // The schema and a row exactly as the release before tenants wrote them (no user_version).
      old.exec(`
        CREATE TABLE jobs (job_id TEXT PRIMARY KEY, status TEXT NOT NULL, user_id TEXT, created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, image_urls TEXT NOT NULL, metadata TEXT,
          results TEXT, error TEXT);
        CREATE INDEX jobs_by_user ON jobs (user_id, created_at DESC, job_id DESC);
        INSERT INTO jobs VALUES ('j-old', 'COMPLETED', 'alice', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z',
          1, '["s3://bucket/uploads/a.png"]', NULL, '[]', NULL);
      `);
      old.close();

      const migrated = new SqliteJobStore(oldFile);
      others.push(migrated);
      expect(await migrated.get('j-old')).toMatchObject({ jobId: 'j-old', tenantId: 'default', userId: 'alice' });
      const listed = await migrated.listByUser({ tenantId: 'default', userId: 'alice' }, { limit: 5 });
      expect(listed.items.map((j) => j.jobId)).toEqual(['j-old']);
      expect((await migrated.listByUser({ tenantId: 'acme', userId: 'alice' }, { limit: 5 })).items).toEqual([]);

      const raw = new Database(oldFile, { readonly: true });
      try {
        // Brought to the current version (tenants were step 1; later releases add steps).
        expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        const indexes = (
          raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'jobs'").all() as {
            name: string;
          }[]
        ).map((index) => index.name);
        expect(indexes).toContain('jobs_by_tenant_user');
        expect(indexes).not.toContain('jobs_by_user');
        expect(indexes).toContain('jobs_pending');
      } finally {
        raw.close();
      }
      // Opening the migrated file again changes nothing.
      const again = new SqliteJobStore(oldFile);
      others.push(again);
      expect((await again.get('j-old'))?.tenantId).toBe('default');
    });

    it('when a tenant user is listed, then SQLite answers from the tenant-user index, not a table scan', () => {
      const raw = new Database(file, { readonly: true });
      try {
        const plan = raw
          .prepare(
            "EXPLAIN QUERY PLAN SELECT * FROM jobs WHERE tenant_id = 'a' AND user_id = 'b' ORDER BY created_at DESC, job_id DESC LIMIT 3",
          )
          .all() as { detail: string }[];
        expect(plan.map((row) => row.detail).join('; ')).toMatch(/USING INDEX jobs_by_tenant_user/);
        expect(plan.map((row) => row.detail).join('; ')).not.toMatch(/TEMP B-TREE/);
      } finally {
        raw.close();
      }
    });
  });

  describe('group commit of creates', () => {
    /** Commit frames in the WAL file: one per committed write transaction (until a checkpoint resets the file). */
    const walCommits = (): number => {
      const wal = readFileSync(`${file}-wal`);
      const pageSize = wal.readUInt32BE(8);
      let commits = 0;
      // 32-byte WAL header, then frames of a 24-byte header and a page; bytes 4-7 of a commit frame's header are non-zero.
      for (let offset = 32; offset + 24 <= wal.length; offset += 24 + pageSize) {
        if (wal.readUInt32BE(offset + 4) !== 0) commits++;
      }
      return commits;
    };

    it('when 20 jobs are created in the same turn, then they are written in one transaction and all readable', async () => {
      await store.create(job('warm-up'));
      const before = walCommits();
      const ids = Array.from({ length: 20 }, (_, i) => `batch-${i}`);
      await Promise.all(ids.map((id) => store.create(job(id))));
      expect(walCommits() - before).toBe(1);
      // Another connection (a worker) sees every one of them once their creates resolved.
      const worker = open();
      for (const id of ids) expect((await worker.get(id))?.jobId).toBe(id);
    });

    it('when jobs are created while a commit is in flight, then they all go into the next one', async () => {
      await store.create(job('warm-up'));
      const before = walCommits();
      const first = store.create(job('first'));
      // The first create's commit is now on its way to the writer thread.
      await new Promise((resolve) => setImmediate(resolve));
      const meanwhile = Array.from({ length: 10 }, (_, i) => store.create(job(`meanwhile-${i}`)));
      await Promise.all([first, ...meanwhile]);
      expect(walCommits() - before).toBe(2);
      for (let i = 0; i < 10; i++) expect((await store.get(`meanwhile-${i}`))?.jobId).toBe(`meanwhile-${i}`);
    });

    it('when one create of a batch fails (a duplicate id), then only it is refused and the others are stored', async () => {
      await store.create(job('taken'));
      const outcomes = await Promise.allSettled([
        store.create(job('fresh-1')),
        store.create(job('taken', { userId: 'second' })),
        store.create(job('fresh-2')),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await store.get('fresh-1'))?.jobId).toBe('fresh-1');
      expect((await store.get('fresh-2'))?.jobId).toBe('fresh-2');
      // The first job with the id is the one stored; the refused one wrote nothing.
      expect((await store.get('taken'))?.userId).toBeUndefined();
    });

    it('when the store is closed with creates still waiting for their commit, then they are written first', async () => {
      const waiting = store.create(job('last-moment'));
      store.close();
      await expect(waiting).resolves.toBeUndefined();
      store = new SqliteJobStore(file);
      expect((await store.get('last-moment'))?.jobId).toBe('last-moment');
    });
  });

  describe('shared file', () => {
    it('when a second connection opens the same file, then it sees jobs and transitions written by the first', async () => {
      await store.create(job('j-shared', { userId: 'alice' }));
      const reader = open();
      expect((await reader.get('j-shared'))?.status).toBe(JobStatus.PENDING);
      await store.transition('j-shared', { to: JobStatus.PROCESSING, at: at(1), countAttempt: true });
      expect((await reader.get('j-shared'))?.status).toBe(JobStatus.PROCESSING);
      expect((await reader.listByUser({ tenantId: 'default', userId: 'alice' }, { limit: 5 })).items).toHaveLength(1);
    });

    it('when the store is opened, then the file is in WAL mode, so readers and a writer do not block each other', () => {
      const raw = new Database(file, { readonly: true });
      try {
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
      } finally {
        raw.close();
      }
    });

    it('when the store answers, then ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
});
