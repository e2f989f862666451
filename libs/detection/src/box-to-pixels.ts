import type { NormalisedBox } from './candidates';

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

/**
 * (ymin, xmin, ymax, xmax) normalised -> [x1, y1, x2, y2] in integer pixels of a width x height image,
 * clamped to the image. The model was fed a plain (non-aspect-preserving) resize, so each axis scales alone.
 */
export function boxToPixels(box: NormalisedBox, width: number, height: number): [number, number, number, number] {
  const [ymin, xmin, ymax, xmax] = box;
  return [
    Math.round(clamp(Math.min(xmin, xmax) * width, width)),
    Math.round(clamp(Math.min(ymin, ymax) * height, height)),
    Math.round(clamp(Math.max(xmin, xmax) * width, width)),
    Math.round(clamp(Math.max(ymin, ymax) * height, height)),
  ];
}
