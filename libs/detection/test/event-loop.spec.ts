import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import type { ImageDetections } from '../src';
import { fixture, useDetector } from './support/real-model';

const images = ['astronaut.png', 'chelsea.png', 'coffee.png'].map(fixture);

describe('ObjectDetector and the caller’s event loop', () => {
  const detector = useDetector(2);

  it('when 30 detections run four at a time, then timers keep ticking and the loop stays mostly idle', async () => {
    const delay = monitorEventLoopDelay({ resolution: 5 });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const eluBefore = performance.eventLoopUtilization();
    delay.enable();
    const startedAt = performance.now();

    // Four in flight at a time, as a queue consumer would keep, 30 images in all.
    const results: ImageDetections[] = [];
    let started = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (started < 30) results.push(await detector().detect(images[started++ % 3]));
      }),
    );

    const elapsed = performance.now() - startedAt;
    delay.disable();
    clearInterval(timer);
    const elu = performance.eventLoopUtilization(eluBefore);
    const summary = {
      elapsed,
      ticks,
      elu: elu.utilization,
      maxDelayMs: delay.max / 1e6,
      p99DelayMs: delay.percentile(99) / 1e6,
    };
    console.log(JSON.stringify(summary));
    expect(results).toHaveLength(30);
    expect(results.every((r) => r.detections.length > 0)).toBe(true);
    // Measured on 2 cores: about 0.35-0.45 utilisation and ~75% of the ideal ticks with the pool; running
    // session.run on this thread instead gives utilisation 1.0 and ~5% of the ticks. Bounds leave room for load.
    // The delay percentiles are logged, not asserted: under a loaded machine they measure the machine, while the
    // utilisation and the tick count tell a blocked loop from a free one either way.
    expect(summary.elu).toBeLessThan(0.8);
    expect(summary.ticks).toBeGreaterThan((elapsed / 5) * 0.25);
  });
});
