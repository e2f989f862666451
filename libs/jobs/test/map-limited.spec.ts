import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapLimited } from '../src/use-cases/process-job/map-limited';

/** Records how many calls run at once. */
function gauge() {
  let now = 0;
  let max = 0;
  return {
    get max() {
      return max;
    },
    get now() {
      return now;
    },
    async around<R>(work: () => Promise<R>): Promise<R> {
      now++;
      max = Math.max(max, now);
      try {
        return await work();
      } finally {
        now--;
      }
    },
  };
}

describe('mapLimited', () => {
  it('when calls finish out of order, then results keep the order of the items', async () => {
    const delays = [30, 5, 20, 1, 15, 0, 10];
    const results = await mapLimited(delays, 3, async (ms, index) => {
      await sleep(ms);
      return `${index}:${ms}`;
    });
    expect(results).toEqual(delays.map((ms, index) => `${index}:${ms}`));
  });

  it('when there are more items than the limit, then never more than `limit` calls are in flight, and the limit is reached', async () => {
    const inFlight = gauge();
    await mapLimited(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      (i) => inFlight.around(() => sleep(i % 3)),
    );
    expect(inFlight.max).toBe(4);
  });

  it('when the limit exceeds the number of items, then every item runs at once', async () => {
    const inFlight = gauge();
    await mapLimited([1, 2, 3], 10, () => inFlight.around(() => sleep(5)));
    expect(inFlight.max).toBe(3);
  });

  it('when every item is processed, then fn is called exactly once per item with its index', async () => {
    const seen: [string, number][] = [];
    await mapLimited(['a', 'b', 'c', 'd', 'e'], 2, async (item, index) => {
      seen.push([item, index]);
    });
    expect(seen.sort()).toEqual([
      ['a', 0],
      ['b', 1],
      ['c', 2],
      ['d', 3],
      ['e', 4],
    ]);
  });

  it('when there are no items, then the result is empty and fn is never called', async () => {
    let calls = 0;
    expect(await mapLimited([], 4, async () => ++calls)).toEqual([]);
    expect(calls).toBe(0);
  });

  it('when one call fails, then mapLimited rejects with that very error', async () => {
    const boom = new Error('storage down');
    const run = mapLimited([1, 2, 3, 4], 2, async (n) => {
      await sleep(n);
      if (n === 3) throw boom;
      return n;
    });
    await expect(run).rejects.toBe(boom);
  });

  it('when one call fails, then no further item is started', async () => {
    const started: number[] = [];
    const run = mapLimited(
      Array.from({ length: 10 }, (_, i) => i),
      2,
      async (n) => {
        started.push(n);
        if (n === 1) throw new Error('storage down');
        await sleep(20);
      },
    );
    await expect(run).rejects.toThrow('storage down');
    await sleep(100);
    // Item 0 was already running beside item 1; item 2 would have been the next one pulled.
    expect(started.sort()).toEqual([0, 1]);
  });

  it('when one call fails, then the rejection comes only after the calls still in flight have settled', async () => {
    const inFlight = gauge();
    const run = mapLimited([0, 1, 2], 3, (n) =>
      inFlight.around(async () => {
        if (n === 0) throw new Error('storage down');
        await sleep(30);
      }),
    );
    await expect(run).rejects.toThrow('storage down');
    // The caller's concurrency bound holds only if nothing of this call keeps running after it returns.
    expect(inFlight.now).toBe(0);
  });
});
