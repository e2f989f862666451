import { Piscina } from 'piscina';
import { PoolClosedError, WorkerCrashedError, WorkerTaskError } from './inference-pool.errors';

export interface InferencePoolOptions {
  /**
   * A CommonJS worker module for piscina (see inference-worker.js): it exports a promise of its task handler, so
   * the thread loads its model once, before its first task; the handler answers `{ok, result}` or `{ok: false,
   * error: {name, message}}`, so a failed task is told apart from a thread that died.
   */
  scriptPath: string;
  size: number;
  workerData: unknown;
  /** The ping each thread answers once ready (default WARM_UP); a thread may load its default model on it. */
  warmUp?: unknown;
}

export interface RunOptions {
  /** Buffers that move to the thread instead of being copied (unusable here afterwards). */
  transferList?: ArrayBuffer[];
  /** Aborting drops a queued task; a running task's thread is terminated and replaced (piscina). */
  signal?: AbortSignal;
}

type TaskReply<TResult> = { ok: true; result: TResult } | { ok: false; error: { name: string; message: string } };

/** A ping each thread answers once its handler (and so its model) is loaded. */
export const WARM_UP = Object.freeze({ warmUp: true });

/**
 * A fixed set of worker threads (piscina), each running one task at a time from a FIFO queue without bound.
 * A thread that dies rejects its task (WorkerCrashedError) and piscina starts another in its place.
 */
export class InferencePool<TResult> {
  private closed = false;
  /** The last error a thread raised outside any task (piscina emits those on the pool). */
  private lastThreadError?: Error;

  private constructor(private readonly piscina: Piscina) {
    this.piscina.on('error', (error: Error) => (this.lastThreadError = error));
  }

  /** Starts every thread and resolves once each has loaded its handler; if one cannot, stops them all and rejects. */
  static async start<TResult>(options: InferencePoolOptions): Promise<InferencePool<TResult>> {
    const pool = new InferencePool<TResult>(
      new Piscina({
        filename: options.scriptPath,
        minThreads: options.size,
        maxThreads: options.size,
        idleTimeout: Infinity,
        concurrentTasksPerWorker: 1,
        workerData: options.workerData,
        // close() waits for running inferences however long they take (JOB_TIMEOUT aborts a stuck one); the
        // largest delay a timer takes, as Infinity would overflow to 1 ms.
        closeTimeout: 2 ** 31 - 1,
      }),
    );
    // One ping per thread: each waits for a distinct thread to load its module, as piscina hands a busy thread no
    // second task (concurrentTasksPerWorker 1).
    const pings = await Promise.allSettled(
      Array.from({ length: options.size }, async () => {
        const reply: TaskReply<TResult> = await pool.piscina.run(options.warmUp ?? WARM_UP);
        if (!reply.ok) throw new WorkerTaskError(reply.error.name, reply.error.message);
      }),
    );
    const failure = pings.find((p): p is PromiseRejectedResult => p.status === 'rejected');
    if (failure) {
      await pool.piscina.destroy();
      throw failure.reason;
    }
    return pool;
  }

  get size(): number {
    return this.piscina.threads.length;
  }

  get pendingCount(): number {
    return this.piscina.queueSize;
  }

  async run(payload: unknown, { transferList, signal }: RunOptions = {}): Promise<TResult> {
    if (this.closed) throw new PoolClosedError();
    let reply: TaskReply<TResult>;
    try {
      reply = await this.piscina.run(payload, { transferList, signal });
    } catch (error) {
      throw this.explain(error as Error, signal);
    }
    if (!reply.ok) throw new WorkerTaskError(reply.error.name, reply.error.message);
    return reply.result;
  }

  /** Refuses new tasks, rejects queued ones, lets running ones finish, then stops every thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.piscina.close({ force: true });
  }

  private explain(error: Error, signal?: AbortSignal): Error {
    if (signal?.aborted) return signal.reason as Error; // as fetch does: the caller's own reason
    if (this.closed || error.name === 'AbortError') return new PoolClosedError();
    if (error.name === 'DataCloneError') return error; // the payload never reached a thread
    const cause = this.lastThreadError ?? error;
    return new WorkerCrashedError(`worker thread crashed: ${error.message}`, { cause });
  }
}
