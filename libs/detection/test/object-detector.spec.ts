import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Detection, ImageDecodeError, ObjectDetector } from '../src';

const root = join(__dirname, '../../..');
const modelPath = join(root, 'models/ssdlite-mobilenet-v2-coco.onnx');
const fixture = (name: string) => readFileSync(join(root, 'test/fixtures', name));

const best = (detections: Detection[], label: string) => detections.find((d) => d.label === label);
const area = ([x1, y1, x2, y2]: Detection['bbox']) => (x2 - x1) * (y2 - y1);
const covers = ([x1, y1, x2, y2]: Detection['bbox'], [x, y]: [number, number]) => x1 <= x && x <= x2 && y1 <= y && y <= y2;

describe('ObjectDetector on the real model', () => {
  let detector: ObjectDetector;

  beforeAll(async () => {
    detector = await ObjectDetector.create({ modelPath, poolSize: 2 });
  });
  afterAll(() => detector.close());

  it('when given astronaut.png, then it finds a person whose box covers the subject', async () => {
    const result = await detector.detect(fixture('astronaut.png'));
    expect(result).toMatchObject({ width: 512, height: 512 });
    const person = best(result.detections, 'person')!;
    expect(person.confidence).toBeGreaterThanOrEqual(0.5);
    // Points on the subject: top of the hair, face, mission badge, left sleeve, collar ring.
    for (const point of [[225, 25], [225, 120], [170, 385], [40, 300], [290, 230]] as [number, number][]) {
      expect(covers(person.bbox, point)).toBe(true);
    }
    expect(area(person.bbox)).toBeLessThan(0.9 * 512 * 512);
  });

  it('when given chelsea.png, then it finds a cat', async () => {
    const result = await detector.detect(fixture('chelsea.png'));
    const cat = best(result.detections, 'cat')!;
    expect(cat.confidence).toBeGreaterThanOrEqual(0.5);
    expect(result).toMatchObject({ width: 451, height: 300 });
    // Both eyes, the nose and the left ear.
    for (const point of [[170, 115], [318, 135], [262, 245], [60, 20]] as [number, number][]) {
      expect(covers(cat.bbox, point)).toBe(true);
    }
  });

  it('when given coffee.png, then it finds a cup', async () => {
    const result = await detector.detect(fixture('coffee.png'));
    const cup = best(result.detections, 'cup')!;
    expect(cup.confidence).toBeGreaterThanOrEqual(0.5);
    // The rim, the coffee, the body of the cup; not the saucer's far edges.
    for (const point of [[180, 100], [400, 100], [288, 145], [290, 220]] as [number, number][]) {
      expect(covers(cup.bbox, point)).toBe(true);
    }
    expect(covers(cup.bbox, [90, 250])).toBe(false);
    expect(covers(cup.bbox, [470, 250])).toBe(false);
  });

  it('when given bytes that are not an image, then it throws ImageDecodeError', async () => {
    await expect(detector.detect(Buffer.from('definitely not an image'))).rejects.toBeInstanceOf(ImageDecodeError);
    await expect(detector.detect(Buffer.alloc(0))).rejects.toBeInstanceOf(ImageDecodeError);
  });
});
