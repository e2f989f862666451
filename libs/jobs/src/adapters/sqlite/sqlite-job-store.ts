import { OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Job, JobOwner } from '../../domain/job';
import { JobStatus, statusesAllowedBefore } from '../../domain/job-status';
import { JobPage, JobStore, JobTransition } from '../../ports/job-store.port';
import { decodeCursor, encodeCursor } from './page-cursor';
import { migrate } from './schema';

interface JobRow {
  job_id: string;
  tenant_id: string;
  status: JobStatus;
  user_id: string | null;
  created_at: string;
  updated_at: string;
  attempts: number;
  image_urls: string;
  metadata: string | null;
  results: string | null;
  error: string | null;
}

/** The self-hosted job store: one SQLite file in WAL mode, shared safely by the API and any number of workers. */
export class SqliteJobStore implements JobStore, OnApplicationShutdown {
  private readonly db: Database.Database;

  constructor(file: string) {
    mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a job acknowledged to a client must survive a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
  }

  async create(job: Job): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO jobs (job_id, tenant_id, status, user_id, created_at, updated_at, attempts, image_urls, metadata, results, error)
                VALUES (@job_id, @tenant_id, @status, @user_id, @created_at, @updated_at, @attempts, @image_urls, @metadata, @results, @error)`,
      )
      .run(toRow(job));
  }

  async get(jobId: string): Promise<Job | null> {
    const row = this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  async transition(jobId: string, t: JobTransition): Promise<Job | null> {
    const from = statusesAllowedBefore(t.to);
    const update = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `UPDATE jobs SET status = ?, updated_at = ?, attempts = attempts + ?,
                    results = COALESCE(?, results), error = COALESCE(?, error)
                  WHERE job_id = ? AND status IN (${from.map(() => '?').join(', ')})`,
        )
        .run(
          t.to,
          t.at.toISOString(),
          t.countAttempt ? 1 : 0,
          t.results ? JSON.stringify(t.results) : null,
          t.error ?? null,
          jobId,
          ...from,
        );
      return changes === 1 ? (this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow) : undefined;
    });
    const row = update.immediate();
    return row ? fromRow(row) : null;
  }

  async listByUser(
    { tenantId, userId }: JobOwner,
    { limit, cursor }: { limit: number; cursor?: string },
  ): Promise<JobPage> {
    const after = cursor ? decodeCursor(cursor) : undefined;
    // The cursor only says where to resume; the tenant and user always come from the caller, never from it.
    const rows = (
      after
        ? this.db
            .prepare(
              `SELECT * FROM jobs WHERE tenant_id = ? AND user_id = ? AND (created_at, job_id) < (?, ?)
                    ORDER BY created_at DESC, job_id DESC LIMIT ?`,
            )
            .all(tenantId, userId, after.createdAt, after.jobId, limit + 1)
        : this.db
            .prepare(
              'SELECT * FROM jobs WHERE tenant_id = ? AND user_id = ? ORDER BY created_at DESC, job_id DESC LIMIT ?',
            )
            .all(tenantId, userId, limit + 1)
    ) as JobRow[];
    const items = rows.slice(0, limit).map(fromRow);
    const last = items[items.length - 1];
    return rows.length > limit
      ? { items, nextCursor: encodeCursor({ createdAt: last.createdAt, jobId: last.jobId }) }
      : { items };
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    this.db.close();
  }

  /** Nest closes the database at shutdown. */
  onApplicationShutdown(): void {
    this.close();
  }
}

function toRow(job: Job): JobRow {
  return {
    job_id: job.jobId,
    tenant_id: job.tenantId,
    status: job.status,
    user_id: job.userId ?? null,
    created_at: job.createdAt,
    updated_at: job.updatedAt,
    attempts: job.attempts,
    image_urls: JSON.stringify(job.imageUrls),
    metadata: job.metadata ? JSON.stringify(job.metadata) : null,
    results: job.results ? JSON.stringify(job.results) : null,
    error: job.error ?? null,
  };
}

function fromRow(row: JobRow): Job {
  const imageUrls: string[] = JSON.parse(row.image_urls);
  return {
    jobId: row.job_id,
    tenantId: row.tenant_id,
    status: row.status,
    imageUrls,
    imageCount: imageUrls.length,
    ...(row.user_id !== null && { userId: row.user_id }),
    ...(row.metadata !== null && { metadata: JSON.parse(row.metadata) }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
    ...(row.results !== null && { results: JSON.parse(row.results) }),
    ...(row.error !== null && { error: row.error }),
  };
}
