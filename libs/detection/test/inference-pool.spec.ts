import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { PoolClosedError, WorkerCrashedError, WorkerTaskError } from '../src';
import { InferencePool } from '../src/inference-pool';

interface Reply {
  threadId: number;
  loads: number;
  data?: Float32Array;
}

const scripted = join(__dirname, 'fixtures/scripted-worker.js');
const pools: InferencePool<Reply>[] = [];
const startPool = async (size: number, scriptPath = scripted) => {
  const pool = await InferencePool.start<Reply>({ scriptPath, size, workerData: {} });
  pools.push(pool);
  return pool;
};

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('InferencePool (piscina)', () => {
  it('when more tasks than threads arrive, then they queue, every thread runs one at a time and loaded its module once', async () => {
    const pool = await startPool(2);
    const replies = await Promise.all(Array.from({ length: 8 }, () => pool.run({ op: 'echo', ms: 10 })));
    // The scripted worker throws (rejecting the task) if it is handed a second task while busy.
    expect(new Set(replies.map((r) => r.threadId)).size).toBe(2);
    expect(replies.every((r) => r.loads === 1)).toBe(true);
    expect(pool.pendingCount).toBe(0);
  });

  it('when a buffer is in the transfer list, then it moves to the thread instead of being copied', async () => {
    const pool = await startPool(1);
    const data = new Float32Array([1, 2, 3]);
    const reply = await pool.run({ op: 'echo', data }, { transferList: [data.buffer] });
    expect(data.byteLength).toBe(0); // detached here
    expect(Array.from(reply.data!)).toEqual([1, 2, 3]);
  });

  it('when a task fails inside the thread, then only that task rejects and the thread keeps serving', async () => {
    const pool = await startPool(1);
    const before = await pool.run({ op: 'echo' });
    await expect(pool.run({ op: 'fail' })).rejects.toThrow(WorkerTaskError);
    expect((await pool.run({ op: 'echo' })).threadId).toBe(before.threadId);
  });

  it('when a thread crashes, then its task rejects, the other task completes, and a new thread replaces it', async () => {
    const pool = await startPool(2);
    const first = await pool.run({ op: 'echo' });
    const crashing = pool.run({ op: 'crash', ms: 5 });
    const healthy = pool.run({ op: 'echo', ms: 30 });
    await expect(crashing).rejects.toThrow(WorkerCrashedError);
    await expect(crashing).rejects.toThrow(/exited with code: 3/);
    await expect(healthy).resolves.toMatchObject({ threadId: expect.any(Number) });
    const after = await Promise.all(Array.from({ length: 4 }, () => pool.run({ op: 'echo', ms: 5 })));
    expect(pool.size).toBe(2);
    expect(after.every((r) => r.threadId > 0)).toBe(true);
    expect(new Set([first.threadId, ...after.map((r) => r.threadId)]).size).toBeGreaterThanOrEqual(2);
  });

  it('when closed, then running tasks finish, queued and later ones reject, and every thread stops', async () => {
    const pool = await startPool(1);
    const running = pool.run({ op: 'echo', ms: 50 });
    const queued = pool.run({ op: 'echo' });
    const queuedRejects = expect(queued).rejects.toThrow(PoolClosedError); // listening before close() rejects it
    await new Promise((r) => setTimeout(r, 10));
    await pool.close();
    await expect(running).resolves.toMatchObject({ threadId: expect.any(Number) });
    await queuedRejects;
    await expect(pool.run({ op: 'echo' })).rejects.toThrow(PoolClosedError);
    expect(pool.size).toBe(0);
    await expect(pool.close()).resolves.toBeUndefined();
  });

  it('when a thread cannot start, then start() rejects with its error', async () => {
    await expect(startPool(2, join(__dirname, 'fixtures/failing-start-worker.js'))).rejects.toThrow(
      'cannot load the model',
    );
  });

  it('when tasks run, then the caller’s event loop stays free (timers keep ticking)', async () => {
    const pool = await startPool(2);
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await Promise.all(Array.from({ length: 20 }, () => pool.run({ op: 'echo', ms: 10 })));
    delay.disable();
    expect(delay.max / 1e6).toBeLessThan(100);
  });
});

describe('InferencePool and abort signals', () => {
  it('when a running task is aborted, then it rejects with the reason, its stuck thread is replaced and the pool keeps its size', async () => {
    const pool = await startPool(2);
    const stuck = pool.run({ op: 'hang' }, { signal: AbortSignal.timeout(100) });
    await expect(stuck).rejects.toMatchObject({ name: 'TimeoutError' });
    const replies = await Promise.all(Array.from({ length: 6 }, () => pool.run({ op: 'echo', ms: 5 })));
    expect(replies).toHaveLength(6);
    expect(pool.size).toBe(2);
    expect(replies.every((r) => r.loads === 1)).toBe(true); // the replacement loaded its module once too
  });

  it('when a queued task is aborted, then it never runs and the running one is untouched', async () => {
    const pool = await startPool(1);
    const running = pool.run({ op: 'echo', ms: 50 });
    const controller = new AbortController();
    const queued = pool.run({ op: 'crash' }, { signal: controller.signal });
    controller.abort(new Error('job abandoned'));
    await expect(queued).rejects.toThrow('job abandoned');
    await expect(running).resolves.toMatchObject({ threadId: expect.any(Number) });
    expect(pool.size).toBe(1);
  });
});

describe('InferencePool with a payload that cannot be sent', () => {
  it('when a payload cannot be cloned, then that task rejects and the thread takes the next one', async () => {
    const pool = await startPool(1);
    await expect(pool.run({ op: 'echo', callback: () => undefined })).rejects.toThrow(/could not be cloned/);
    await expect(pool.run({ op: 'echo' })).resolves.toMatchObject({ threadId: expect.any(Number) });
  });
});
