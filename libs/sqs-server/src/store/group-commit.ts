import type { SqliteDatabase } from './open-database';

interface Job {
  work: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  outcome?: { ok: true; value: unknown } | { ok: false; error: unknown };
}

/**
 * Group commit: writes that arrive in the same turn of the event loop share one transaction, so one WAL append
 * acknowledges many requests. Callers get their answer only after the commit, so an acknowledged write is on disk.
 */
export class GroupCommit {
  private pending: Job[] = [];
  private scheduled = false;
  private readonly runAll: (jobs: Job[]) => void;

  constructor(db: SqliteDatabase) {
    this.runAll = db.transaction((jobs: Job[]) => {
      for (const job of jobs) {
        try {
          job.outcome = { ok: true, value: job.work() };
        } catch (error) {
          job.outcome = { ok: false, error };
        }
      }
    });
  }

  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs what is queued now; also called before shutdown so nothing accepted is dropped. */
  flush(): void {
    this.scheduled = false;
    const jobs = this.pending;
    this.pending = [];
    if (jobs.length === 0) return;
    try {
      this.runAll(jobs);
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    for (const job of jobs) {
      if (job.outcome?.ok) job.resolve(job.outcome.value);
      else job.reject(job.outcome?.error);
    }
  }
}
