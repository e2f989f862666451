import { Worker } from 'node:worker_threads';
import { PoolClosedError, WorkerCrashedError, WorkerTaskError } from './worker-pool.errors';

export interface WorkerPoolOptions {
  /** A plain .js worker script speaking the protocol described in inference-worker.js. */
  scriptPath: string;
  size: number;
  workerData: unknown;
}

interface Task<TResult> {
  id: number;
  payload: unknown;
  transferList: ArrayBuffer[];
  resolve: (result: TResult) => void;
  reject: (error: Error) => void;
  /** Settles (never rejects) when the task does; close() waits on it. */
  settled?: Promise<unknown>;
}

interface Slot<TResult> {
  worker: Worker;
  ready: boolean;
  task?: Task<TResult>;
}

type WorkerReply<TResult> =
  | { type: 'ready' }
  | { id: number; ok: true; result: TResult }
  | { id: number; ok: false; error: { name: string; message: string } };

/**
 * A fixed set of worker threads, each given one task at a time from a FIFO queue. A thread that dies
 * rejects its task and is replaced; a replacement that cannot even start is not retried.
 */
export class WorkerPool<TResult> {
  private readonly slots = new Set<Slot<TResult>>();
  private readonly queue: Task<TResult>[] = [];
  private nextTaskId = 1;
  private closed = false;
  private fatalError?: Error;

  private constructor(private readonly options: WorkerPoolOptions) {}

  /** Starts every thread and resolves once all report ready; if one fails, stops the others and rejects. */
  static async start<TResult>(options: WorkerPoolOptions): Promise<WorkerPool<TResult>> {
    const pool = new WorkerPool<TResult>(options);
    const started = Array.from({ length: options.size }, () => pool.spawn());
    const outcomes = await Promise.allSettled(started);
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) {
      await pool.close();
      throw failure.reason;
    }
    return pool;
  }

  get size(): number {
    return this.slots.size;
  }

  get pendingCount(): number {
    return this.queue.length;
  }

  /** Queues a task; the buffers in transferList move to the worker and are unusable here afterwards. */
  run(payload: unknown, transferList: ArrayBuffer[] = []): Promise<TResult> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if (this.fatalError) return Promise.reject(this.fatalError);
    let task!: Task<TResult>;
    const result = new Promise<TResult>((resolve, reject) => {
      task = { id: this.nextTaskId++, payload, transferList, resolve, reject };
    });
    task.settled = result.catch(() => undefined);
    this.queue.push(task);
    this.dispatch();
    return result;
  }

  /** Refuses new tasks, rejects queued ones, lets running ones finish, then stops every thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.rejectQueued(new PoolClosedError());
    await Promise.all([...this.slots].map((s) => s.task?.settled));
    await Promise.all([...this.slots].map((s) => s.worker.terminate()));
    this.slots.clear();
  }

  private spawn(): Promise<void> {
    const worker = new Worker(this.options.scriptPath, { workerData: this.options.workerData });
    const slot: Slot<TResult> = { worker, ready: false };
    this.slots.add(slot);
    return new Promise<void>((resolveStarted, rejectStarted) => {
      let lastError: Error | undefined;
      worker.on('message', (reply: WorkerReply<TResult>) => {
        if ('type' in reply) {
          slot.ready = true;
          resolveStarted();
          this.dispatch();
        } else {
          this.settle(slot, reply);
        }
      });
      worker.on('error', (error) => (lastError = error));
      worker.on('exit', (code) => {
        this.slots.delete(slot);
        const cause = lastError ?? new Error(`worker thread exited with code ${code}`);
        slot.task?.reject(new WorkerCrashedError(`worker thread crashed: ${cause.message}`, { cause }));
        if (!slot.ready) rejectStarted(cause);
        if (this.closed) return;
        if (!slot.ready) return this.onStartFailure(cause);
        this.spawn().catch(() => undefined); // a failing replacement is handled by onStartFailure
      });
    });
  }

  private onStartFailure(cause: Error): void {
    if (this.slots.size === 0) {
      this.fatalError = new WorkerCrashedError(`no worker thread could start: ${cause.message}`, { cause });
      this.rejectQueued(this.fatalError);
    }
  }

  private settle(slot: Slot<TResult>, reply: Exclude<WorkerReply<TResult>, { type: 'ready' }>): void {
    const task = slot.task;
    if (!task || task.id !== reply.id) return;
    slot.task = undefined;
    if (reply.ok) task.resolve(reply.result);
    else task.reject(new WorkerTaskError(reply.error.name, reply.error.message));
    this.dispatch();
  }

  private dispatch(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift() as Task<TResult>;
      try {
        slot.worker.postMessage({ id: task.id, payload: task.payload }, task.transferList);
        slot.task = task;
      } catch (error) {
        task.reject(error as Error); // e.g. a payload that cannot be cloned; the thread stays free
      }
    }
  }

  private rejectQueued(error: Error): void {
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}
