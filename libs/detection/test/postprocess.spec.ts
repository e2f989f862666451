import { describe, expect, it } from 'vitest';
import { boxToPixels } from '../src/box-to-pixels';
import { type NormalisedBox, selectCandidates } from '../src/candidates';
import { intersectionOverUnion, nonMaxSuppressionPerClass } from '../src/non-max-suppression';
import { postprocess } from '../src/postprocess';

/** Builds model-shaped outputs: one row of class scores and one box per anchor. */
function outputs(anchors: { box: NormalisedBox; scores: Record<number, number> }[], classCount = 90) {
  const scores = new Float32Array(anchors.length * classCount);
  const boxes = new Float32Array(anchors.length * 4);
  anchors.forEach((anchor, a) => {
    boxes.set(anchor.box, a * 4);
    for (const [column, score] of Object.entries(anchor.scores)) scores[a * classCount + Number(column)] = score;
  });
  return { scores, boxes, classCount };
}

const PERSON = 0;
const CAT = 16;
const UNUSED_ID_12 = 11;

describe('selectCandidates', () => {
  it('when scores straddle the threshold, then only pairs at or above it are kept, with their anchor box', () => {
    const raw = outputs([
      { box: [0.1, 0.2, 0.3, 0.4], scores: { [PERSON]: 0.5, [CAT]: 0.49 } },
      { box: [0.5, 0.5, 0.9, 0.9], scores: { [CAT]: 0.8 } },
    ]);
    const candidates = selectCandidates(raw, 0.5);
    expect(candidates).toHaveLength(2);
    expect(candidates[0]).toMatchObject({ classIndex: PERSON, score: 0.5 });
    expect(candidates[0].box.map((v) => +v.toFixed(6))).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(candidates[1]).toMatchObject({ classIndex: CAT, score: expect.closeTo(0.8, 6) });
  });

  it('when the score and box tensors disagree in anchor count, then it throws', () => {
    const raw = outputs([{ box: [0, 0, 1, 1], scores: {} }]);
    expect(() => selectCandidates({ ...raw, boxes: new Float32Array(8) }, 0.5)).toThrow(/expected 2 anchors/);
  });
});

describe('intersectionOverUnion', () => {
  it('when boxes are identical, half-overlapping or disjoint, then IoU is 1, 1/3 and 0', () => {
    expect(intersectionOverUnion([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(intersectionOverUnion([0, 0, 1, 1], [0, 0.5, 1, 1.5])).toBeCloseTo(1 / 3);
    expect(intersectionOverUnion([0, 0, 0.5, 0.5], [0.5, 0.5, 1, 1])).toBe(0);
  });

  it('when a box is empty, then IoU is 0 rather than NaN', () => {
    expect(intersectionOverUnion([0.2, 0.2, 0.2, 0.2], [0.2, 0.2, 0.2, 0.2])).toBe(0);
  });
});

describe('nonMaxSuppressionPerClass', () => {
  const cat = (score: number, box: NormalisedBox) => ({ classIndex: CAT, score, box });

  it('when two boxes of one class overlap above the threshold, then only the stronger is kept', () => {
    const kept = nonMaxSuppressionPerClass([cat(0.7, [0, 0, 1, 1]), cat(0.9, [0, 0, 1, 0.9])], 0.5);
    expect(kept).toEqual([cat(0.9, [0, 0, 1, 0.9])]);
  });

  it('when they overlap at or below the threshold, then both are kept, strongest first', () => {
    const kept = nonMaxSuppressionPerClass([cat(0.7, [0, 0, 1, 1]), cat(0.9, [0, 0.5, 1, 1.5])], 0.5);
    expect(kept.map((c) => c.score)).toEqual([0.9, 0.7]);
  });

  it('when boxes of different classes overlap fully, then neither suppresses the other', () => {
    const person = { classIndex: PERSON, score: 0.6, box: [0, 0, 1, 1] as NormalisedBox };
    expect(nonMaxSuppressionPerClass([person, cat(0.9, [0, 0, 1, 1])], 0.5)).toHaveLength(2);
  });

  it('when a box is suppressed, then it no longer suppresses others (greedy order by score)', () => {
    // b overlaps a (dropped); c overlaps b but not a, so c survives.
    const a = cat(0.9, [0, 0, 1, 1]);
    const b = cat(0.8, [0, 0.3, 1, 1.3]);
    const c = cat(0.7, [0, 0.8, 1, 1.8]);
    expect(nonMaxSuppressionPerClass([c, b, a], 0.5)).toEqual([a, c]);
  });
});

describe('boxToPixels', () => {
  it('when scaling, then x uses the width, y the height, rounded to integers as [x1, y1, x2, y2]', () => {
    expect(boxToPixels([0.1, 0.25, 0.5, 0.75], 400, 200)).toEqual([100, 20, 300, 100]);
    expect(boxToPixels([0.0013, 0.0013, 1, 1], 451, 300)).toEqual([1, 0, 451, 300]);
  });

  it('when the box leaves the image or is inverted, then it is clamped and ordered', () => {
    expect(boxToPixels([-0.1, -0.2, 1.3, 1.1], 100, 50)).toEqual([0, 0, 100, 50]);
    expect(boxToPixels([0.8, 0.6, 0.2, 0.4], 100, 100)).toEqual([40, 20, 60, 80]);
  });
});

describe('postprocess', () => {
  const size = { width: 200, height: 100, minConfidence: 0.5, iouThreshold: 0.5 };

  it('when given raw outputs, then it labels, filters, suppresses and sorts by confidence', () => {
    const raw = outputs([
      { box: [0, 0, 0.5, 0.5], scores: { [PERSON]: 0.6 } },
      { box: [0, 0, 0.5, 0.45], scores: { [PERSON]: 0.55 } }, // duplicate person, suppressed
      { box: [0.5, 0.5, 1, 1], scores: { [CAT]: 0.9, [PERSON]: 0.3 } }, // person below threshold
    ]);
    expect(postprocess(raw, size)).toEqual([
      { label: 'cat', classId: 17, confidence: expect.closeTo(0.9, 6), bbox: [100, 50, 200, 100] },
      { label: 'person', classId: 1, confidence: expect.closeTo(0.6, 6), bbox: [0, 0, 100, 50] },
    ]);
  });

  it('when only an unused COCO id scores high, then nothing is reported', () => {
    expect(postprocess(outputs([{ box: [0, 0, 1, 1], scores: { [UNUSED_ID_12]: 0.99 } }]), size)).toEqual([]);
  });

  it('when minConfidence is raised, then weaker detections disappear', () => {
    const raw = outputs([{ box: [0, 0, 1, 1], scores: { [PERSON]: 0.6, [CAT]: 0.8 } }]);
    expect(postprocess(raw, { ...size, minConfidence: 0.7 }).map((d) => d.label)).toEqual(['cat']);
  });
});
