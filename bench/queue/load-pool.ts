import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult, LoadTask } from './load-worker';

interface Waiting {
  resolve: (result: LoadResult) => void;
  reject: (error: Error) => void;
}

/** Client threads kept for a whole server's runs, so every measured phase uses warm clients. */
export class LoadPool {
  private readonly waiting = new Map<Worker, Waiting>();

  private constructor(private readonly workers: Worker[]) {
    for (const worker of workers) {
      worker.on('message', (result: LoadResult) => this.settle(worker)?.resolve(result));
      worker.on('error', (error) => this.settle(worker)?.reject(error));
    }
  }

  static async start(endpoint: string, size: number): Promise<LoadPool> {
    const workers = Array.from(
      { length: size },
      () => new Worker(join(__dirname, 'load-worker.js'), { workerData: { endpoint } }),
    );
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    return new LoadPool(workers);
  }

  /** Runs task i on thread i, all at once; resolves with each result and when the run started. */
  async run(tasks: LoadTask[]): Promise<{ results: LoadResult[]; startedAt: number }> {
    if (tasks.length > this.workers.length) throw new Error(`${tasks.length} tasks for ${this.workers.length} threads`);
    const pending = tasks.map(
      (_, i) => new Promise<LoadResult>((resolve, reject) => this.waiting.set(this.workers[i], { resolve, reject })),
    );
    const startedAt = Date.now();
    tasks.forEach((task, i) => this.workers[i].postMessage(task));
    return { results: await Promise.all(pending), startedAt };
  }

  async stop(): Promise<void> {
    const exits = this.workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    for (const worker of this.workers) worker.postMessage('stop');
    await Promise.all(exits);
  }

  private settle(worker: Worker): Waiting | undefined {
    const waiting = this.waiting.get(worker);
    this.waiting.delete(worker);
    return waiting;
  }
}
