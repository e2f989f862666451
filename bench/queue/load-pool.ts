import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LoadResult, LoadTask } from './load-worker';

/** Client threads kept for a whole server's runs, so every measured phase uses warm clients. */
export class LoadPool {
  private constructor(private readonly workers: Worker[]) {}

  static async start(endpoint: string, size: number): Promise<LoadPool> {
    const workers = Array.from({ length: size }, () => new Worker(join(__dirname, 'load-worker.js'), { workerData: { endpoint } }));
    await Promise.all(workers.map((worker) => new Promise((resolve) => worker.once('message', resolve))));
    return new LoadPool(workers);
  }

  /** Runs task i on thread i, all at once; resolves with each result and when the run started. */
  async run(tasks: LoadTask[]): Promise<{ results: LoadResult[]; startedAt: number }> {
    if (tasks.length > this.workers.length) throw new Error(`${tasks.length} tasks for ${this.workers.length} threads`);
    const pending = tasks.map((_, i) => new Promise<LoadResult>((resolve, reject) => {
      this.workers[i].once('message', resolve);
      this.workers[i].once('error', reject);
    }));
    const startedAt = Date.now();
    tasks.forEach((task, i) => this.workers[i].postMessage(task));
    return { results: await Promise.all(pending), startedAt };
  }

  async stop(): Promise<void> {
    for (const worker of this.workers) worker.postMessage('stop');
    await Promise.all(this.workers.map((worker) => new Promise((resolve) => worker.once('exit', resolve))));
  }
}
