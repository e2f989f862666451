import { describe, expect, it } from 'vitest';
import type { Detection } from '../src';
import { fixture, useDetector } from './support/real-model';

const covers = ([x1, y1, x2, y2]: Detection['bbox'], [x, y]: [number, number]) =>
  x1 <= x && x <= x2 && y1 <= y && y <= y2;

/** Points on each photo's subject (see object-detector.spec.ts), which any good box around it covers. */
const PHOTOS = [
  {
    photo: 'astronaut.png',
    label: 'person',
    cocoId: 1,
    size: [512, 512],
    maxArea: 0.9,
    points: [
      [225, 120],
      [170, 385],
      [290, 230],
    ],
  },
  {
    photo: 'chelsea.png',
    label: 'cat',
    cocoId: 17,
    size: [451, 300],
    maxArea: 1, // the cat fills the photo
    points: [
      [170, 115],
      [318, 135],
      [262, 245],
    ],
  },
  {
    photo: 'coffee.png',
    label: 'cup',
    cocoId: 47,
    size: [600, 400],
    maxArea: 0.5, // the cup, not the table it stands on
    points: [
      [288, 145],
      [290, 220],
    ],
  },
] as const;

// One decoder per family, each on its shipped model: ssd-tf (SSDLite), picodet (GFL/DFL, 4 strides, at two input
// sizes), yolox (grid decode on a top-left letterbox, BGR 0..255).
describe.each([
  { model: 'ssdlite', family: 'ssd-tf' },
  { model: 'picodet-s-416', family: 'picodet' },
  { model: 'picodet-s-320', family: 'picodet' },
  { model: 'yolox-nano', family: 'yolox' },
])('the $family decoder on the shipped $model', ({ model }) => {
  const detector = useDetector(2);

  it.each(PHOTOS)(
    'when given $photo, then it finds a $label (with its COCO id) whose box covers the subject inside the photo',
    async ({ photo, label, cocoId, size, points, maxArea }) => {
      const result = await detector().detect(fixture(photo), { model, minConfidence: 0.3 });
      expect(result.model).toEqual({ name: model, version: '1' });
      expect([result.width, result.height]).toEqual(size);
      const best = result.detections.find((d) => d.label === label)!;
      expect(best).toMatchObject({ label, classId: cocoId });
      expect(best.confidence).toBeGreaterThan(0.5);
      for (const point of points) expect(covers(best.bbox, point as [number, number])).toBe(true);
      const [x1, y1, x2, y2] = best.bbox;
      expect(x1).toBeGreaterThanOrEqual(0);
      expect(y1).toBeGreaterThanOrEqual(0);
      expect(x2).toBeLessThanOrEqual(size[0]);
      expect(y2).toBeLessThanOrEqual(size[1]);
      expect((x2 - x1) * (y2 - y1)).toBeLessThanOrEqual(maxArea * size[0] * size[1]);
    },
  );
});
