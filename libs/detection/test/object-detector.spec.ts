import { availableParallelism } from 'node:os';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type Detection, ImageDecodeError, ObjectDetector } from '../src';
import { addModel, emptyModelsDir } from './support/model-folders';
import { createDetector, fixture, shippedRegistry, useDetector } from './support/real-model';

const best = (detections: Detection[], label: string) => detections.find((d) => d.label === label);
const area = ([x1, y1, x2, y2]: Detection['bbox']) => (x2 - x1) * (y2 - y1);
const covers = ([x1, y1, x2, y2]: Detection['bbox'], [x, y]: [number, number]) =>
  x1 <= x && x <= x2 && y1 <= y && y <= y2;

describe('ObjectDetector on the real model', () => {
  const detector = useDetector(2);

  it('when given astronaut.png, then it finds a person whose box covers the subject', async () => {
    const result = await detector().detect(fixture('astronaut.png'));
    expect(result).toMatchObject({ width: 512, height: 512 });
    const person = best(result.detections, 'person')!;
    expect(person.confidence).toBeGreaterThanOrEqual(0.5);
    // Points on the subject: top of the hair, face, mission badge, left sleeve, collar ring.
    for (const point of [
      [225, 25],
      [225, 120],
      [170, 385],
      [40, 300],
      [290, 230],
    ] as [number, number][]) {
      expect(covers(person.bbox, point)).toBe(true);
    }
    expect(area(person.bbox)).toBeLessThan(0.9 * 512 * 512);
  });

  it('when given chelsea.png, then it finds a cat', async () => {
    const result = await detector().detect(fixture('chelsea.png'));
    const cat = best(result.detections, 'cat')!;
    expect(cat.confidence).toBeGreaterThanOrEqual(0.5);
    expect(result).toMatchObject({ width: 451, height: 300 });
    // Both eyes, the nose and the left ear.
    for (const point of [
      [170, 115],
      [318, 135],
      [262, 245],
      [60, 20],
    ] as [number, number][]) {
      expect(covers(cat.bbox, point)).toBe(true);
    }
  });

  it('when given coffee.png, then it finds a cup', async () => {
    const result = await detector().detect(fixture('coffee.png'));
    const cup = best(result.detections, 'cup')!;
    expect(cup.confidence).toBeGreaterThanOrEqual(0.5);
    // The rim, the coffee, the body of the cup; not the saucer's far edges.
    for (const point of [
      [180, 100],
      [400, 100],
      [288, 145],
      [290, 220],
    ] as [number, number][]) {
      expect(covers(cup.bbox, point)).toBe(true);
    }
    expect(covers(cup.bbox, [90, 250])).toBe(false);
    expect(covers(cup.bbox, [470, 250])).toBe(false);
  });

  it('when given bytes that are not an image, then it throws ImageDecodeError', async () => {
    await expect(detector().detect(Buffer.from('definitely not an image'))).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(detector().detect(Buffer.alloc(0))).rejects.toBeInstanceOf(ImageDecodeError);
  });
});

describe('ObjectDetector and EXIF orientation', () => {
  const detector = useDetector(1);

  it('when a JPEG is stored sideways with EXIF orientation 6, then boxes are in the upright frame', async () => {
    const upright = await detector().detect(await sharp(fixture('coffee.png')).jpeg({ quality: 95 }).toBuffer());
    // Stored turned 90 degrees anticlockwise (400x600); orientation 6 tells viewers to turn it back clockwise.
    const sideways = await sharp(fixture('coffee.png'))
      .rotate(-90)
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const result = await detector().detect(sideways);
    expect(result).toMatchObject({ width: 600, height: 400 });
    const expected = best(upright.detections, 'cup')!.bbox;
    const cup = best(result.detections, 'cup')!;
    expect(cup.confidence).toBeGreaterThanOrEqual(0.5);
    cup.bbox.forEach((v, i) => expect(Math.abs(v - expected[i]), `bbox[${i}]`).toBeLessThanOrEqual(12));
  });

  it('when the pool has one thread, then poolSize says so and concurrent calls all complete', async () => {
    expect(detector().poolSize).toBe(1);
    const results = await Promise.all(
      [fixture('chelsea.png'), fixture('coffee.png'), fixture('chelsea.png')].map((b) => detector().detect(b)),
    );
    expect(results.map((r) => r.detections[0].label)).toEqual(['cat', 'cup', 'cat']);
  });
});

describe('ObjectDetector.create', () => {
  it('when the default model’s file does not exist, then create() rejects with an error naming the file', async () => {
    const dir = emptyModelsDir();
    rmSync(join(addModel(dir, 'ssdlite', { name: 'gone', version: '1', file: 'missing.onnx' }), 'missing.onnx'));
    const registry = await shippedRegistry({ shippedDir: dir, defaultModel: 'gone' });
    await expect(ObjectDetector.create({ registry, poolSize: 2 })).rejects.toThrow(/missing\.onnx/);
  });

  it('when no pool size is given, then it starts one thread per available core', async () => {
    const detector = await createDetector();
    try {
      expect(detector.poolSize).toBe(availableParallelism());
    } finally {
      await detector.close();
    }
  });
});

describe('ObjectDetector with tiling', () => {
  const detector = useDetector(2);
  /** The cat photo shrunk to 150 x 100 on a plain 1600 x 1200 field: 28 x 19 px in the whole image's 300 x 300 input. */
  const smallCat = async () =>
    sharp({ create: { width: 1600, height: 1200, channels: 3, background: { r: 120, g: 130, b: 110 } } })
      .composite([{ input: await sharp(fixture('chelsea.png')).resize(150, 100).toBuffer(), left: 300, top: 300 }])
      .jpeg({ quality: 92 })
      .toBuffer();

  it('when a small cat is lost in a large photo, then the whole image alone misses it and tiling finds it in place', async () => {
    const photo = await smallCat();
    const whole = await detector().detect(photo, { minConfidence: 0.3 });
    expect(best(whole.detections, 'cat')).toBeUndefined();

    const tiled = await detector().detect(photo, { minConfidence: 0.3, tiling: true });
    expect(tiled).toMatchObject({ width: 1600, height: 1200 });
    const cat = best(tiled.detections, 'cat')!;
    expect(cat.confidence).toBeGreaterThanOrEqual(0.5);
    // In image pixels of the photo, around the pasted 150 x 100 cat (300..450, 300..400).
    expect(covers(cat.bbox, [375, 350])).toBe(true);
    const [x1, y1, x2, y2] = cat.bbox;
    expect([x1, y1]).toEqual([expect.closeTo(300, -1.5), expect.closeTo(300, -1.5)]);
    expect([x2, y2]).toEqual([expect.closeTo(450, -1.5), expect.closeTo(400, -1.5)]);
  });

  it('when a person spans every tile, then tiling reports the one whole-image person, no fragments cut by tile edges', async () => {
    const photo = await sharp(fixture('astronaut.png')).resize(1200, 1200).png().toBuffer();
    const whole = await detector().detect(photo, { minConfidence: 0.3 });
    const tiled = await detector().detect(photo, { minConfidence: 0.3, tiling: true });
    const people = tiled.detections.filter((d) => d.label === 'person');
    expect(people).toEqual([best(whole.detections, 'person')]);
  });

  it('when the image is no larger than the model input, then tiling changes nothing', async () => {
    const photo = await sharp(fixture('chelsea.png')).resize(300, 200).png().toBuffer();
    const whole = await detector().detect(photo);
    const tiled = await detector().detect(photo, { tiling: true });
    expect(tiled.detections).toEqual(whole.detections);
    expect(best(tiled.detections, 'cat')).toBeDefined();
  });
});
