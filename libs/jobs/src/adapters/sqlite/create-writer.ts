import { Worker } from 'node:worker_threads';

/** What the writer thread answers for each row of a batch: null when written, else why not. */
type RowError = { message: string; code?: string } | null;

interface PendingCreate {
  row: Record<string, unknown>;
  resolve: () => void;
  reject: (error: Error) => void;
}

/**
 * The writer thread's code (CommonJS, run with eval so it works the same from dist/ and from the TS sources under
 * test). Its own connection to the same WAL file: SQLite lets it write while the main thread's connection reads.
 * A batch is one transaction; if any row fails, the transaction is rolled back whole and each row is written alone,
 * so only the failing row is refused and nothing is half-written.
 */
const WRITER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('busy_timeout = 5000');
const insert = db.prepare(workerData.sql);
const insertAll = db.transaction((rows) => { for (const row of rows) insert.run(row); });
parentPort.on('message', (message) => {
  if (message.close) { db.close(); parentPort.close(); return; }
  const { id, rows } = message;
  try {
    insertAll.immediate(rows);
    parentPort.postMessage({ id, errors: rows.map(() => null) });
    return;
  } catch {}
  const errors = rows.map((row) => {
    try { insert.run(row); return null; } catch (error) { return { message: error.message, code: error.code }; }
  });
  parentPort.postMessage({ id, errors });
});
`;

/** By a computed name, so that bundlers (the Lambda's, which never opens a SQLite store) leave it alone. */
const DRIVER = 'better-sqlite3';

function toError(error: { message: string; code?: string }): Error {
  return Object.assign(new Error(error.message), error.code ? { code: error.code } : {});
}

/**
 * Group commit of the job store's inserts on a thread of their own. With synchronous = FULL each commit waits for an
 * fsync (milliseconds on a busy disk); done on the main thread, that wait stopped every other request. Here the main
 * thread goes on serving while a commit is in flight, and the inserts that arrive meanwhile (or within the same turn
 * of the event loop) go into the next commit, so the batch grows with the load. Each insert resolves only once the
 * transaction holding it is durable.
 */
export class SqliteCreateWriter {
  private worker: Worker | undefined;
  private queued: PendingCreate[] = [];
  private readonly inFlight = new Map<number, PendingCreate[]>();
  private nextId = 0;
  private scheduled = false;

  constructor(
    private readonly file: string,
    private readonly sql: string,
  ) {}

  insert(row: Record<string, unknown>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queued.push({ row, resolve, reject });
      // The first insert of a turn, with no commit in flight, schedules one; the others of the turn join it.
      if (this.inFlight.size === 0 && !this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.commit();
        });
      }
    });
  }

  /** Sends what is queued and lets the thread end once it has answered; nothing queued is dropped. */
  close(): void {
    if (!this.worker) return;
    this.commit();
    this.worker.postMessage({ close: true });
  }

  private commit(): void {
    if (this.queued.length === 0 || this.inFlight.size > 0) return;
    const batch = this.queued;
    this.queued = [];
    const id = ++this.nextId;
    this.inFlight.set(id, batch);
    const worker = (this.worker ??= this.startWorker());
    worker.ref();
    worker.postMessage({ id, rows: batch.map((entry) => entry.row) });
  }

  private startWorker(): Worker {
    const worker = new Worker(WRITER_SOURCE, {
      eval: true,
      workerData: { driver: require.resolve(DRIVER), file: this.file, sql: this.sql },
    });
    worker.on('message', ({ id, errors }: { id: number; errors: RowError[] }) => {
      const batch = this.inFlight.get(id) ?? [];
      this.inFlight.delete(id);
      batch.forEach((entry, index) => {
        const error = errors[index];
        if (error) entry.reject(toError(error));
        else entry.resolve();
      });
      // Idle threads must not keep a process alive; the next commit refs it again.
      if (this.queued.length === 0) worker.unref();
      this.commit();
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const batch of this.inFlight.values()) batch.forEach((entry) => entry.reject(error));
      this.inFlight.clear();
      this.commit();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the job store's writer thread exited (${code})`)));
    return worker;
  }
}
