import { OnApplicationShutdown } from '@nestjs/common';
import Database from 'better-sqlite3';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { IdempotencyClaim } from '../../domain/idempotency';
import { ImageResult, Job, JobOwner, processedImagesOf } from '../../domain/job';
import { isTerminal, JobStatus, statusesAllowedBefore } from '../../domain/job-status';
import { JobRetention } from '../../ports/job-retention.port';
import { JobPage, JobStore, JobTransition, PendingJob } from '../../ports/job-store.port';
import { decodeCursor, encodeCursor } from '../page-cursor';
import { SqliteCreateWriter } from './create-writer';
import { migrate } from './schema';
import { PENDING_WEBHOOK, WebhookState } from '../../domain/webhook';

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
  options: string | null;
  results: string | null;
  error: string | null;
  started_at: string | null;
  completed_at: string | null;
  pending_since: string | null;
  callback_url: string | null;
  webhook: string | null;
}

const INSERT_JOB = `INSERT INTO jobs (job_id, tenant_id, status, user_id, created_at, updated_at, attempts, image_urls, metadata, options, results, error, pending_since, started_at, completed_at, callback_url, webhook)
              VALUES (@job_id, @tenant_id, @status, @user_id, @created_at, @updated_at, @attempts, @image_urls, @metadata, @options, @results, @error, @pending_since, @started_at, @completed_at, @callback_url, @webhook)`;

/**
 * The self-hosted job store: one SQLite file in WAL mode, shared safely by the API and any number of workers.
 *
 * New jobs are written by group commit on a writer thread (SqliteCreateWriter): the API pays one fsync
 * (synchronous = FULL) for many jobs instead of one each, without its main thread waiting for it, and each create
 * resolves only once its transaction is durable. Every other write stays a transaction of its own.
 */
export class SqliteJobStore implements JobStore, JobRetention, OnApplicationShutdown {
  private readonly db: Database.Database;
  private readonly selectJob: Database.Statement;
  /** Started on the first create: a worker, which never creates jobs, has no writer thread. */
  private readonly creates: SqliteCreateWriter;

  constructor(file: string) {
    // DATA_DIR is private (0700) and the database file too (0600); SQLite gives its -wal and -shm files the
    // database file's mode.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    closeSync(openSync(file, 'a', 0o600));
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // FULL: a job acknowledged to a client must survive a power cut, not only a process crash.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.selectJob = this.db.prepare('SELECT * FROM jobs WHERE job_id = ?');
    this.creates = new SqliteCreateWriter(file, INSERT_JOB);
  }

  create(job: Job): Promise<void> {
    return this.creates.insert(toRow(job) as unknown as Record<string, unknown>);
  }

  async get(jobId: string): Promise<Job | null> {
    const row = this.selectJob.get(jobId) as JobRow | undefined;
    return row ? fromRow(row) : null;
  }

  async transition(jobId: string, t: JobTransition): Promise<Job | null> {
    const from = statusesAllowedBefore(t.to);
    const at = t.at.toISOString();
    const update = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `UPDATE jobs SET status = ?, updated_at = ?, attempts = attempts + ?,
                    results = COALESCE(?, results, ?), error = COALESCE(?, error), pending_since = NULL,
                    started_at = COALESCE(started_at, ?), completed_at = COALESCE(completed_at, ?)
                  WHERE job_id = ? AND status IN (${from.map(() => '?').join(', ')})`,
        )
        .run(
          t.to,
          at,
          t.countAttempt ? 1 : 0,
          t.results ? JSON.stringify(t.results) : null,
          t.initialResults ? JSON.stringify(t.initialResults) : null,
          t.error ?? null,
          t.to === JobStatus.PROCESSING ? at : null,
          isTerminal(t.to) ? at : null,
          jobId,
          ...from,
        );
      return changes === 1 ? (this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow) : undefined;
    });
    const row = update.immediate();
    return row ? fromRow(row) : null;
  }

  async recordImage(jobId: string, result: ImageResult, at: Date): Promise<Job | null> {
    // Read, check and write in one write transaction: no other writer can slip in between (SQLite has one writer).
    const record = this.db.transaction(() => {
      const row = this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow | undefined;
      if (!row || row.status !== JobStatus.PROCESSING || row.results === null) return undefined;
      const results: ImageResult[] = JSON.parse(row.results);
      if (results[result.imageIndex]?.status !== 'pending') return undefined;
      results[result.imageIndex] = result;
      const updated = { ...row, results: JSON.stringify(results), updated_at: at.toISOString() };
      this.db
        .prepare('UPDATE jobs SET results = ?, updated_at = ? WHERE job_id = ?')
        .run(updated.results, updated.updated_at, jobId);
      return updated;
    });
    const row = record.immediate();
    return row ? fromRow(row) : null;
  }

  async reopen(jobId: string, { from, results, at }: { from: Job; results: ImageResult[]; at: Date }) {
    const reopened = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `UPDATE jobs SET status = 'PENDING', results = ?, updated_at = ?, pending_since = ?, error = NULL,
                  completed_at = NULL, webhook = CASE WHEN callback_url IS NULL THEN NULL ELSE ? END
                WHERE job_id = ? AND status = ? AND updated_at = ?`,
        )
        .run(
          JSON.stringify(results),
          at.toISOString(),
          at.toISOString(),
          JSON.stringify(PENDING_WEBHOOK),
          jobId,
          from.status,
          from.updatedAt,
        );
      return changes === 1 ? (this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow) : undefined;
    });
    const row = reopened.immediate();
    return row ? fromRow(row) : null;
  }

  async recordWebhookAttempt(jobId: string, state: WebhookState, after: number): Promise<Job | null> {
    const recorded = this.db.transaction(() => {
      const { changes } = this.db
        .prepare(
          `UPDATE jobs SET webhook = ? WHERE job_id = ? AND webhook IS NOT NULL
                  AND json_extract(webhook, '$.attempts') = ?`,
        )
        .run(JSON.stringify(state), jobId, after);
      return changes === 1 ? (this.db.prepare('SELECT * FROM jobs WHERE job_id = ?').get(jobId) as JobRow) : undefined;
    });
    const row = recorded.immediate();
    return row ? fromRow(row) : null;
  }

  async claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyClaim> {
    const row = this.db
      .transaction(() => {
        // An expired claim no longer holds its key; expired rows of other keys go with it, a few at a time.
        this.db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?').run(claim.createdAt);
        this.db
          .prepare(
            `INSERT OR IGNORE INTO idempotency_keys (tenant_id, key, request_hash, job_id, created_at, expires_at)
                  VALUES (?, ?, ?, ?, ?, ?)`,
          )
          .run(claim.tenantId, claim.key, claim.requestHash, claim.jobId, claim.createdAt, claim.expiresAt);
        return this.db
          .prepare('SELECT * FROM idempotency_keys WHERE tenant_id = ? AND key = ?')
          .get(claim.tenantId, claim.key) as Record<string, string>;
      })
      .immediate();
    return {
      tenantId: row.tenant_id,
      key: row.key,
      requestHash: row.request_hash,
      jobId: row.job_id,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async releaseIdempotencyKey({ tenantId, key, jobId }: Pick<IdempotencyClaim, 'tenantId' | 'key' | 'jobId'>) {
    this.db
      .prepare('DELETE FROM idempotency_keys WHERE tenant_id = ? AND key = ? AND job_id = ?')
      .run(tenantId, key, jobId);
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

  async listPendingSince(before: Date, limit: number): Promise<PendingJob[]> {
    const rows = this.db
      .prepare(
        `SELECT job_id, pending_since FROM jobs INDEXED BY jobs_pending
          WHERE status = 'PENDING' AND pending_since < ? ORDER BY pending_since LIMIT ?`,
      )
      .all(before.toISOString(), limit) as Array<{ job_id: string; pending_since: string }>;
    return rows.map((row) => ({ jobId: row.job_id, pendingSince: row.pending_since }));
  }

  async claimRequeue(job: PendingJob, at: Date): Promise<boolean> {
    const { changes } = this.db
      .prepare(`UPDATE jobs SET pending_since = ? WHERE job_id = ? AND status = 'PENDING' AND pending_since = ?`)
      .run(at.toISOString(), job.jobId, job.pendingSince);
    return changes === 1;
  }

  async deleteFinishedBefore(before: Date): Promise<number> {
    const { changes } = this.db
      .prepare(`DELETE FROM jobs WHERE status IN ('COMPLETED', 'FAILED', 'CANCELLED') AND updated_at < ?`)
      .run(before.toISOString());
    return changes;
  }

  async ping(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    // Creates still waiting for their commit are written, not dropped.
    this.creates.close();
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
    options: job.options ? JSON.stringify(job.options) : null,
    results: job.results ? JSON.stringify(job.results) : null,
    error: job.error ?? null,
    pending_since: job.status === JobStatus.PENDING ? job.updatedAt : null,
    started_at: job.startedAt ?? null,
    completed_at: job.completedAt ?? null,
    callback_url: job.callbackUrl ?? null,
    webhook: job.webhook ? JSON.stringify(job.webhook) : null,
  };
}

function fromRow(row: JobRow): Job {
  const imageUrls: string[] = JSON.parse(row.image_urls);
  const results: ImageResult[] | undefined = row.results !== null ? JSON.parse(row.results) : undefined;
  return {
    jobId: row.job_id,
    tenantId: row.tenant_id,
    status: row.status,
    imageUrls,
    imageCount: imageUrls.length,
    ...(row.user_id !== null && { userId: row.user_id }),
    ...(row.metadata !== null && { metadata: JSON.parse(row.metadata) }),
    ...(row.options !== null && row.options !== undefined && { options: JSON.parse(row.options) }),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
    processedImages: processedImagesOf(results),
    ...(row.started_at !== null && { startedAt: row.started_at }),
    ...(row.completed_at !== null && { completedAt: row.completed_at }),
    ...(results && { results }),
    ...(row.error !== null && { error: row.error }),
    ...(typeof row.callback_url === 'string' && { callbackUrl: row.callback_url }),
    ...(typeof row.webhook === 'string' && { webhook: JSON.parse(row.webhook) }),
  };
}
