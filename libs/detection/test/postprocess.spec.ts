import { describe, expect, it } from 'vitest';
import { parseManifest } from '../src';
import type { InputBox, RawOutputs } from '../src/decoders';
import { decodeSsdTf } from '../src/decoders/ssd-tf.decoder';
import { toImagePixels } from '../src/geometry';
import { intersectionOverUnion, nonMaxSuppressionPerClass } from '../src/non-max-suppression';
import { postprocess, type PostprocessOptions } from '../src/postprocess';
import { placement } from '../src/preprocess';
import { shippedManifest } from './support/model-folders';

/** A box as SSD emits it: normalised (ymin, xmin, ymax, xmax). */
type NormalisedBox = [number, number, number, number];

const SSD = parseManifest(shippedManifest('ssdlite'), 'models/ssdlite/1/model.json');
const stretch = (width: number, height: number) => placement(width, height, SSD.input);
const selectCandidates = (raw: RawOutputs, minConfidence: number) => decodeSsdTf(raw, SSD, minConfidence);
/** SSD's normalised box -> input pixels (300 x 300) -> pixels of a width x height image. */
const boxToPixels = ([ymin, xmin, ymax, xmax]: NormalisedBox, width: number, height: number) =>
  toImagePixels([xmin * 300, ymin * 300, xmax * 300, ymax * 300], stretch(width, height));

/** Builds model-shaped outputs: one row of class scores and one box per anchor. */
function outputs(anchors: { box: NormalisedBox; scores: Record<number, number> }[], classCount = 90): RawOutputs {
  const scores = new Float32Array(anchors.length * classCount);
  const boxes = new Float32Array(anchors.length * 4);
  anchors.forEach((anchor, a) => {
    boxes.set(anchor.box, a * 4);
    for (const [column, score] of Object.entries(anchor.scores)) scores[a * classCount + Number(column)] = score;
  });
  return { 'Postprocessor/Slice': scores, 'Postprocessor/ExpandDims_1': boxes };
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
    // In the 300 x 300 input's pixels, as x1, y1, x2, y2.
    expect(candidates[0].box.map((v) => +v.toFixed(4))).toEqual([60, 30, 120, 90]);
    expect(candidates[1]).toMatchObject({ classIndex: CAT, score: expect.closeTo(0.8, 6) });
  });

  it('when the score and box tensors disagree in anchor count, then it throws', () => {
    const raw = outputs([{ box: [0, 0, 1, 1], scores: {} }]);
    expect(() => selectCandidates({ ...raw, 'Postprocessor/ExpandDims_1': new Float32Array(8) }, 0.5)).toThrow(
      /expected 2 anchors/,
    );
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
  const cat = (score: number, box: InputBox) => ({ classIndex: CAT, score, box });

  it('when two boxes of one class overlap above the threshold, then only the stronger is kept', () => {
    const kept = nonMaxSuppressionPerClass([cat(0.7, [0, 0, 1, 1]), cat(0.9, [0, 0, 1, 0.9])], 0.5);
    expect(kept).toEqual([cat(0.9, [0, 0, 1, 0.9])]);
  });

  it('when they overlap at or below the threshold, then both are kept, strongest first', () => {
    const kept = nonMaxSuppressionPerClass([cat(0.7, [0, 0, 1, 1]), cat(0.9, [0, 0.5, 1, 1.5])], 0.5);
    expect(kept.map((c) => c.score)).toEqual([0.9, 0.7]);
  });

  it('when boxes of different classes overlap fully, then neither suppresses the other', () => {
    const person = { classIndex: PERSON, score: 0.6, box: [0, 0, 1, 1] as InputBox };
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
  const size = { width: 200, height: 100, minConfidence: 0.5, iouThreshold: 0.5, maxDetections: 100 };
  const run = (raw: RawOutputs, options: PostprocessOptions & { width: number; height: number }) =>
    postprocess(raw, SSD, stretch(options.width, options.height), options);

  it('when given raw outputs, then it labels, filters, suppresses and sorts by confidence', () => {
    const raw = outputs([
      { box: [0, 0, 0.5, 0.5], scores: { [PERSON]: 0.6 } },
      { box: [0, 0, 0.5, 0.45], scores: { [PERSON]: 0.55 } }, // duplicate person, suppressed
      { box: [0.5, 0.5, 1, 1], scores: { [CAT]: 0.9, [PERSON]: 0.3 } }, // person below threshold
    ]);
    expect(run(raw, size)).toEqual([
      { label: 'cat', classId: 17, confidence: expect.closeTo(0.9, 6), bbox: [100, 50, 200, 100] },
      { label: 'person', classId: 1, confidence: expect.closeTo(0.6, 6), bbox: [0, 0, 100, 50] },
    ]);
  });

  it('when only an unused COCO id scores high, then nothing is reported', () => {
    expect(run(outputs([{ box: [0, 0, 1, 1], scores: { [UNUSED_ID_12]: 0.99 } }]), size)).toEqual([]);
  });

  it('when minConfidence is raised, then weaker detections disappear', () => {
    const raw = outputs([{ box: [0, 0, 1, 1], scores: { [PERSON]: 0.6, [CAT]: 0.8 } }]);
    expect(run(raw, { ...size, minConfidence: 0.7 }).map((d) => d.label)).toEqual(['cat']);
  });

  it('when classes are given, then only those labels are reported', () => {
    const raw = outputs([{ box: [0, 0, 1, 1], scores: { [PERSON]: 0.6, [CAT]: 0.8 } }]);
    expect(run(raw, { ...size, classes: ['person'] }).map((d) => d.label)).toEqual(['person']);
  });

  it('when maxDetections is lower than what survives NMS, then the strongest that many are kept', () => {
    const raw = outputs([
      { box: [0, 0, 0.2, 0.2], scores: { [PERSON]: 0.6 } },
      { box: [0.5, 0.5, 0.7, 0.7], scores: { [PERSON]: 0.9 } },
      { box: [0.8, 0.8, 1, 1], scores: { [CAT]: 0.7 } },
    ]);
    expect(run(raw, { ...size, maxDetections: 2 }).map((d) => d.confidence.toFixed(1))).toEqual(['0.9', '0.7']);
  });
});

describe('toImagePixels with a letterbox', () => {
  const input = { ...SSD.input, width: 416, height: 416, resize: 'letterbox' as const, padValue: 114 };

  it('when the image sits at the top-left, then input pixels map back by the one scale, without offset', () => {
    const geometry = placement(832, 416, { ...input, align: 'top-left' }); // scale 0.5, 416 x 208, padded below
    expect(geometry).toMatchObject({ scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 0 });
    expect(toImagePixels([10, 20, 110, 200], geometry)).toEqual([20, 40, 220, 400]);
  });

  it('when the image is centred, then the padding is taken off before scaling, and boxes are clamped to the image', () => {
    const geometry = placement(832, 416, { ...input, align: 'center' }); // 416 x 208, 104 rows of padding above
    expect(geometry).toMatchObject({ padX: 0, padY: 104 });
    expect(toImagePixels([10, 124, 110, 400], geometry)).toEqual([20, 40, 220, 416]);
  });
});
