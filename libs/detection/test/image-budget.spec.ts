import sharp from 'sharp';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../src';
import { DecodeBudget } from '../src/decode-budget';
import { readImageHeader } from '../src/image-header';
import { createDetector, fixture, useDetector } from './support/real-model';

const MiB = 2 ** 20;
const LIMIT = 100_000_000;
const solid = (width: number, height: number, channels: 3 | 4 = 3) =>
  sharp({ create: { width, height, channels, background: { r: 200, g: 30, b: 30, alpha: 1 } } });

describe('readImageHeader', () => {
  it('when the image is an interlaced 16-bit RGBA PNG, then its cost is width x height x 4 channels x 2 bytes', async () => {
    const png = await solid(300, 200, 4).toColourspace('rgb16').png({ progressive: true }).toBuffer();
    expect(await readImageHeader(png, LIMIT)).toMatchObject({
      format: 'png',
      channels: 4,
      bytesPerSample: 2,
      interlaced: true,
      decodeBytes: 300 * 200 * 4 * 2,
    });
  });

  it('when the JPEG is progressive, then every sample counts 2 bytes (its DCT coefficients)', async () => {
    const jpeg = await solid(300, 200).jpeg({ progressive: true }).toBuffer();
    expect((await readImageHeader(jpeg, LIMIT)).decodeBytes).toBe(300 * 200 * 3 * 2);
  });

  it('when the bytes are an SVG, then it is refused before decoding, naming the format and the allowed ones', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    await expect(readImageHeader(svg, LIMIT)).rejects.toThrow(
      /image format svg is not accepted \(allowed: jpeg, png, webp, gif, tiff, avif\)/,
    );
  });

  it('when the image has more pixels than the limit, then it is refused from its header', async () => {
    await expect(readImageHeader(fixture('chelsea.png'), 451 * 300 - 1)).rejects.toThrow(ImageDecodeError);
  });
});

describe('DecodeBudget', () => {
  const header = async (megabytes: number) => ({
    ...(await readImageHeader(fixture('chelsea.png'), LIMIT)),
    decodeBytes: megabytes * MiB,
  });

  it('when one image alone needs more than the budget, then it is refused with the rule, the cost and the image', async () => {
    const budget = new DecodeBudget(16 * MiB);
    let decoded = false;
    const run = budget.run(await header(17), async () => (decoded = true));
    await expect(run).rejects.toThrow(ImageDecodeError);
    await expect(run).rejects.toThrow(
      /needs 17 MiB to decode \(451x300, 3 channel\(s\), 8-bit, png\), over the decode budget of 16 MiB/,
    );
    expect(decoded).toBe(false);
  });

  it('when two decodes together exceed the budget, then the second starts only once the first has finished', async () => {
    const budget = new DecodeBudget(16 * MiB);
    const events: string[] = [];
    const decode = (name: string) => async () => {
      events.push(`${name} start`);
      await sleep(30);
      events.push(`${name} end`);
    };
    await Promise.all([budget.run(await header(10), decode('a')), budget.run(await header(10), decode('b'))]);
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end']);
    expect(budget.availableBytes).toBe(16 * MiB);
  });

  it('when a decode waiting for the budget is aborted, then it rejects with the reason, never runs, and its share comes back', async () => {
    const budget = new DecodeBudget(16 * MiB);
    const first = budget.run(await header(10), () => sleep(50));
    const controller = new AbortController();
    let ran = false;
    const waiting = budget.run(await header(10), async () => (ran = true), controller.signal);
    controller.abort(new Error('job out of time'));
    await expect(waiting).rejects.toThrow('job out of time');
    await first;
    await sleep(5);
    expect(ran).toBe(false);
    expect(budget.availableBytes).toBe(16 * MiB);
  });
});

describe('ObjectDetector and its decode budget', () => {
  const detector = useDetector(1);

  it('when an image costs more than the default 384 MiB, then detect() refuses it per image and the detector keeps working', async () => {
    // 10000x10000 interlaced 16-bit RGBA would need 763 MiB (see the worker's e2e test); the header says so first.
    // A 6000x6000 one (275 MiB) fits, and 8000x8000 (489 MiB) does not: both are cheap to encode here.
    const big = await solid(8000, 8000, 4).toColourspace('rgb16').png({ compressionLevel: 1 }).toBuffer();
    await expect(detector().detect(big)).rejects.toThrow(
      /needs 489 MiB to decode .* over the decode budget of 384 MiB/,
    );
    const { detections } = await detector().detect(fixture('chelsea.png'));
    expect(detections[0].label).toBe('cat');
  });
});

describe('ObjectDetector and abort signals', () => {
  it('when an inference does not finish in time, then detect() rejects with the signal’s reason, the stuck thread is replaced and the pool keeps its size', async () => {
    const detector = await createDetector({
      poolSize: 2,
      inferenceScript: join(__dirname, 'fixtures/stuck-inference-worker.js'),
    });
    try {
      const black = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
        .png()
        .toBuffer();
      const started = Date.now();
      await expect(detector.detect(black, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      expect(Date.now() - started).toBeLessThan(5000);
      const results = await Promise.all([1, 2, 3, 4].map(() => detector.detect(fixture('chelsea.png'))));
      expect(results.every((r) => r.detections[0].label === 'cat')).toBe(true);
      expect(detector.poolSize).toBe(2);
    } finally {
      await detector.close();
    }
  });

  it('when the signal has already aborted, then nothing is decoded and detect() rejects at once', async () => {
    const detector = await createDetector({ poolSize: 1 });
    try {
      const controller = new AbortController();
      controller.abort(new Error('too late'));
      await expect(detector.detect(fixture('chelsea.png'), { signal: controller.signal })).rejects.toThrow('too late');
    } finally {
      await detector.close();
    }
  });
});
