import { SQSClient } from '@aws-sdk/client-sqs';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jobsOptionsOf, storageOptionsOf } from '@app/config';
import { startSqsServer } from '@app/sqs-server';
import { createObjectStorage } from '../../storage/src/storage.module';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { SqliteJobStore } from '../src/adapters/sqlite/sqlite-job-store';
import { newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';
import { createJobStore } from '../src/jobs.module';
import { describeJobStoreContract } from './job-store.contract';
import { realJobQueue } from './support/real-job-queue';

describeJobStoreContract('SQLite', async () => {
  const data = tempDataDir('store-contract');
  const config = testConfig({ DATA_DIR: data.dir });
  const storage = createObjectStorage(storageOptionsOf(config));
  const store = createJobStore(jobsOptionsOf(config).store, storage) as SqliteJobStore;
  const server = await startSqsServer({ dataDir: join(data.dir, 'queue'), port: 0 });
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: server.endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  return {
    store,
    storage,
    config,
    ...(await realJobQueue(sqs, 'store-contract')),
    async close() {
      store.close();
      sqs.destroy();
      await server.close();
      data.remove();
    },
  };
});

describe('SqliteJobStore specifics', () => {
  it('when the requeue sweep lists PENDING jobs, then SQLite reads the partial index of PENDING jobs, not the table', () => {
    const data = tempDataDir('store-plan');
    const store = new SqliteJobStore(join(data.dir, 'jobs.sqlite'));
    store.close();
    const db = new Database(join(data.dir, 'jobs.sqlite'));
    try {
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT job_id, pending_since FROM jobs
            WHERE status = 'PENDING' AND pending_since < ? ORDER BY pending_since LIMIT ?`,
        )
        .all('2026-01-01', 10) as Array<{ detail: string }>;
      expect(plan.map((step) => step.detail).join('\n')).toMatch(/USING INDEX jobs_pending/);
      const index = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'jobs_pending'`).get() as { sql: string };
      expect(index.sql).toMatch(/WHERE status = 'PENDING'/);
    } finally {
      db.close();
      data.remove();
    }
  });

  it('when a database from before the requeue sweep is opened, then PENDING jobs get pending_since from their creation', async () => {
    const data = tempDataDir('store-migrate');
    const file = join(data.dir, 'jobs.sqlite');
    const old = new Database(file);
    old.exec(`CREATE TABLE jobs (job_id TEXT PRIMARY KEY, status TEXT NOT NULL, user_id TEXT, created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, image_urls TEXT NOT NULL, metadata TEXT,
      results TEXT, error TEXT)`);
    const [waiting, done] = [randomUUID(), randomUUID()];
    const insert = old.prepare(
      `INSERT INTO jobs (job_id, status, created_at, updated_at, image_urls) VALUES (?, ?, ?, ?, '["s3://b/uploads/a.png"]')`,
    );
    insert.run(waiting, JobStatus.PENDING, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z');
    insert.run(done, JobStatus.COMPLETED, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:01.000Z');
    old.close();
    const store = new SqliteJobStore(file);
    try {
      expect(await store.listPendingSince(new Date(), 10)).toEqual([
        { jobId: waiting, pendingSince: '2020-01-01T00:00:00.000Z' },
      ]);
    } finally {
      store.close();
      data.remove();
    }
  });

  it('when finished jobs are older than the cutoff, then deleteFinishedBefore removes them and keeps the rest', async () => {
    const data = tempDataDir('store-retention');
    const store = new SqliteJobStore(join(data.dir, 'jobs.sqlite'));
    try {
      const job = (id: string, at: string) => newJob({ jobId: id, imageUrls: ['s3://b/uploads/a.png'] }, new Date(at));
      const [oldDone, oldFailed, oldPending, newDone] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      for (const id of [oldDone, oldFailed, oldPending]) await store.create(job(id, '2020-01-01T00:00:00.000Z'));
      await store.create(job(newDone, '2020-01-01T00:00:00.000Z'));
      const old = new Date('2020-01-02T00:00:00Z');
      await store.transition(oldDone, { to: JobStatus.PROCESSING, at: old });
      await store.transition(oldDone, { to: JobStatus.COMPLETED, at: old, results: [] });
      await store.transition(oldFailed, { to: JobStatus.FAILED, at: old, error: 'x' });
      await store.transition(newDone, { to: JobStatus.FAILED, at: new Date('2020-03-01T00:00:00Z'), error: 'x' });

      expect(await store.deleteFinishedBefore(new Date('2020-02-01T00:00:00Z'))).toBe(2);
      expect(await store.get(oldDone)).toBeNull();
      expect(await store.get(oldFailed)).toBeNull();
      expect((await store.get(oldPending))?.status).toBe(JobStatus.PENDING);
      expect((await store.get(newDone))?.status).toBe(JobStatus.FAILED);
    } finally {
      store.close();
      data.remove();
    }
  });
});
