import { describe, expect, it } from 'vitest';
import {
  AREA_SMALL,
  boxIou,
  type DetectionBox,
  evaluateCoco,
  type GroundTruthBox,
  interpolatedAp,
} from '../coco-metric';

const gt = (imageId: number, categoryId: number, bbox: GroundTruthBox['bbox'], iscrowd = false): GroundTruthBox => ({
  imageId,
  categoryId,
  bbox,
  area: bbox[2] * bbox[3],
  iscrowd,
});
const dt = (imageId: number, categoryId: number, bbox: DetectionBox['bbox'], score: number): DetectionBox => ({
  imageId,
  categoryId,
  bbox,
  score,
});

describe('COCO box mAP', () => {
  it('when every object is found exactly, then mAP@0.5 and mAP@[.5:.95] are 1', () => {
    const truth = [gt(1, 1, [10, 10, 50, 80]), gt(1, 3, [100, 20, 40, 40]), gt(2, 1, [0, 0, 20, 20])];
    const found = truth.map((g, i) => dt(g.imageId, g.categoryId, g.bbox, 0.9 - i * 0.1));
    const scores = evaluateCoco(truth, found);
    expect(scores.map).toBeCloseTo(1, 10);
    expect(scores.map50).toBeCloseTo(1, 10);
    expect(scores.recall).toBeCloseTo(1, 10);
    expect(scores.categories).toBe(2);
  });

  it('when a false positive scores above the only true positive, then AP is 0.5 at every recall point', () => {
    const truth = [gt(1, 1, [10, 10, 50, 50])];
    const found = [dt(1, 1, [200, 200, 30, 30], 0.9), dt(1, 1, [10, 10, 50, 50], 0.8)];
    const scores = evaluateCoco(truth, found);
    expect(scores.map50).toBeCloseTo(0.5, 10);
    expect(scores.map).toBeCloseTo(0.5, 10);
  });

  it('when a detection matches a crowd region, then it is neither a true nor a false positive', () => {
    const truth = [gt(1, 1, [0, 0, 100, 100]), gt(1, 1, [200, 0, 300, 300], true)];
    // Inside the crowd region (IoU with it = intersection / detection area = 1), scored above the real match.
    const found = [dt(1, 1, [250, 50, 40, 40], 0.95), dt(1, 1, [0, 0, 100, 100], 0.9)];
    expect(evaluateCoco(truth, found).map50).toBeCloseTo(1, 10);
    // The same detection without the crowd flag is a plain false positive above the TP: AP 0.5.
    const noCrowd = [truth[0], { ...truth[1], iscrowd: false }];
    expect(evaluateCoco(noCrowd, found).map50).toBeLessThan(0.6);
  });

  it('when a crowd region is the only ground truth of a class, then that class is not averaged over', () => {
    const truth = [gt(1, 1, [0, 0, 10, 10]), gt(1, 2, [50, 50, 40, 40], true)];
    const scores = evaluateCoco(truth, [dt(1, 1, [0, 0, 10, 10], 0.9)]);
    expect(scores.categories).toBe(1);
    expect(scores.map).toBeCloseTo(1, 10);
  });

  it('when precision rises again at a higher recall, then 101-point interpolation uses the envelope', () => {
    // TP, FP, TP over two objects: recall 0.5, 0.5, 1 with precision 1, 0.5, 2/3.
    // Recall points 0..0.50 (51 of them) read precision 1, points 0.51..1 (50) read 2/3.
    const expected = (51 * 1 + 50 * (2 / 3)) / 101;
    expect(interpolatedAp([true, false, true], [false, true, false], 2).ap).toBeCloseTo(expected, 10);
    const truth = [gt(1, 1, [0, 0, 10, 10]), gt(2, 1, [0, 0, 10, 10])];
    const found = [dt(1, 1, [0, 0, 10, 10], 0.9), dt(1, 1, [50, 50, 10, 10], 0.8), dt(2, 1, [0, 0, 10, 10], 0.7)];
    expect(evaluateCoco(truth, found).map50).toBeCloseTo(expected, 10);
  });

  it('when a box overlaps its object by IoU 0.62, then it counts at thresholds 0.5 to 0.6 only', () => {
    expect(boxIou([0, 0, 10, 6.2], [0, 0, 10, 10], false)).toBeCloseTo(0.62, 10);
    const scores = evaluateCoco([gt(1, 1, [0, 0, 10, 10])], [dt(1, 1, [0, 0, 10, 6.2], 0.9)]);
    expect(scores.map50).toBeCloseTo(1, 10);
    expect(scores.map).toBeCloseTo(0.3, 10);
  });

  it('when a class has objects but no detection, then its AP of 0 is averaged in', () => {
    const truth = [gt(1, 1, [0, 0, 10, 10]), gt(1, 2, [20, 20, 10, 10])];
    expect(evaluateCoco(truth, [dt(1, 1, [0, 0, 10, 10], 0.9)]).map).toBeCloseTo(0.5, 10);
  });

  it('when two detections hit one object, then the second is a false positive', () => {
    const truth = [gt(1, 1, [0, 0, 10, 10]), gt(1, 1, [100, 100, 10, 10])];
    const found = [dt(1, 1, [0, 0, 10, 10], 0.9), dt(1, 1, [0, 0, 10, 10], 0.8), dt(1, 1, [100, 100, 10, 10], 0.7)];
    expect(evaluateCoco(truth, found).map50).toBeCloseTo((51 + 50 * (2 / 3)) / 101, 10);
  });

  it('when maxDets is 1, then only the best-scored detection per image and class counts', () => {
    const truth = [gt(1, 1, [0, 0, 10, 10]), gt(1, 1, [100, 100, 10, 10])];
    const found = [dt(1, 1, [0, 0, 10, 10], 0.9), dt(1, 1, [100, 100, 10, 10], 0.8)];
    expect(evaluateCoco(truth, found, { maxDets: 1 }).recall50).toBeCloseTo(0.5, 10);
    expect(evaluateCoco(truth, found).recall50).toBeCloseTo(1, 10);
  });

  it('when restricted to small objects, then large objects and unmatched large detections are ignored', () => {
    const truth = [gt(1, 1, [0, 0, 20, 20]), gt(1, 1, [100, 100, 200, 200])];
    const found = [dt(1, 1, [300, 300, 200, 200], 0.95), dt(1, 1, [0, 0, 20, 20], 0.9)];
    const small = evaluateCoco(truth, found, { area: AREA_SMALL });
    expect(small.map50).toBeCloseTo(1, 10);
    expect(small.recall50).toBeCloseTo(1, 10);
  });
});
