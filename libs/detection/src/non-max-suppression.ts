import type { Candidate, InputBox } from './decoders';

/** Intersection over union of two (x1, y1, x2, y2) boxes; 0 when either is empty. */
export function intersectionOverUnion(a: InputBox, b: InputBox): number {
  const areaA = Math.max(0, a[2] - a[0]) * Math.max(0, a[3] - a[1]);
  const areaB = Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
  const width = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const height = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (height <= 0 || width <= 0) return 0;
  const intersection = height * width;
  return intersection / (areaA + areaB - intersection);
}

/**
 * Greedy NMS within each class: keep the best box, drop boxes of the same class overlapping it by
 * more than iouThreshold. Boxes of different classes never suppress each other. Result: score descending,
 * at most `limit` boxes (the loop stops once it has them).
 */
export function nonMaxSuppressionPerClass(
  candidates: Candidate[],
  iouThreshold: number,
  limit = Infinity,
): Candidate[] {
  const byScore = [...candidates].sort((a, b) => b.score - a.score);
  const kept: Candidate[] = [];
  for (const candidate of byScore) {
    if (kept.length >= limit) break;
    const overlapsKept = kept.some(
      (k) => k.classIndex === candidate.classIndex && intersectionOverUnion(k.box, candidate.box) > iouThreshold,
    );
    if (!overlapsKept) kept.push(candidate);
  }
  return kept;
}
