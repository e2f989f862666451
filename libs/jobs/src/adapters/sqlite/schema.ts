import Database from 'better-sqlite3';
import { DEFAULT_TENANT_ID } from '../../domain/job';

/** The jobs table as the first release created it; later versions change it only through MIGRATIONS. */
const BASE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS jobs (
    job_id     TEXT PRIMARY KEY,
    status     TEXT NOT NULL,
    user_id    TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    image_urls TEXT NOT NULL,
    metadata   TEXT,
    results    TEXT,
    error      TEXT
  );
  CREATE INDEX IF NOT EXISTS jobs_by_user ON jobs (user_id, created_at DESC, job_id DESC);
`;

/**
 * Step n takes the file from user_version n to n + 1. A database of an older release is brought up to date in
 * place, and a fresh one goes through the same steps, so both end with exactly the same shape.
 */
const MIGRATIONS: readonly string[] = [
  // 1: tenants. Jobs stored before tenants existed belong to the default tenant; listings are per tenant and user.
  `ALTER TABLE jobs ADD COLUMN tenant_id TEXT NOT NULL DEFAULT '${DEFAULT_TENANT_ID}';
   DROP INDEX IF EXISTS jobs_by_user;
   CREATE INDEX jobs_by_tenant_user ON jobs (tenant_id, user_id, created_at DESC, job_id DESC);`,
  // 2: the worker's sweeps. pending_since is set while a job is PENDING (from its creation, then from each requeue);
  // the requeue sweep reads PENDING jobs only, the retention sweep finished ones by age.
  `ALTER TABLE jobs ADD COLUMN pending_since TEXT;
   UPDATE jobs SET pending_since = created_at WHERE status = 'PENDING';
   CREATE INDEX jobs_pending ON jobs (pending_since) WHERE status = 'PENDING';
   CREATE INDEX jobs_finished ON jobs (updated_at) WHERE status IN ('COMPLETED', 'FAILED');`,
  // 3: progress and cancel. When a worker first started on the job and when it ended (per-image status lives in
  // results); a CANCELLED job is finished too, for the retention sweep.
  `ALTER TABLE jobs ADD COLUMN started_at TEXT;
   ALTER TABLE jobs ADD COLUMN completed_at TEXT;
   DROP INDEX IF EXISTS jobs_finished;
   CREATE INDEX jobs_finished ON jobs (updated_at) WHERE status IN ('COMPLETED', 'FAILED', 'CANCELLED');`,
  // 4: Idempotency-Key. One row per tenant and key (the primary key makes the claim unique), kept until expires_at.
  `CREATE TABLE idempotency_keys (
     tenant_id    TEXT NOT NULL,
     key          TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     job_id       TEXT NOT NULL,
     created_at   TEXT NOT NULL,
     expires_at   TEXT NOT NULL,
     PRIMARY KEY (tenant_id, key)
   );
   CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);`,
  // 5: models. The model (name@version) and thresholds a job was accepted with, as JSON; NULL for older jobs.
  `ALTER TABLE jobs ADD COLUMN options TEXT;`,
];

/**
 * Brings the file to the current schema. The API and every worker open the same file, possibly at once: the check
 * and the steps run in one write transaction, so exactly one process migrates and the others find it done.
 */
export function migrate(db: Database.Database): void {
  db.transaction(() => {
    db.exec(BASE_SCHEMA);
    const version = db.pragma('user_version', { simple: true }) as number;
    for (let step = version; step < MIGRATIONS.length; step++) db.exec(MIGRATIONS[step]);
    if (version < MIGRATIONS.length) db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;
