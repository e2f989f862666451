import { describe, expect, it } from 'vitest';
import { COCO_LABELS, labelForClassIndex } from '../src';

describe('COCO label map', () => {
  it('when counting the labels, then 80 of the 90 ids are named', () => {
    expect(Object.keys(COCO_LABELS)).toHaveLength(80);
    expect(Math.max(...Object.keys(COCO_LABELS).map(Number))).toBe(90);
  });

  it('when asked for score column c, then it returns the name of COCO id c + 1', () => {
    expect(labelForClassIndex(0)).toBe('person');
    expect(labelForClassIndex(16)).toBe('cat');
    expect(labelForClassIndex(46)).toBe('cup');
    expect(labelForClassIndex(89)).toBe('toothbrush');
  });

  it('when asked for a column of an unused COCO id or out of range, then it returns undefined', () => {
    for (const unusedId of [12, 26, 29, 30, 45, 66, 68, 69, 71, 83])
      expect(labelForClassIndex(unusedId - 1)).toBeUndefined();
    expect(labelForClassIndex(90)).toBeUndefined();
    expect(labelForClassIndex(-1)).toBeUndefined();
  });
});
