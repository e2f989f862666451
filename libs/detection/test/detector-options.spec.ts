import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveDetectorOptions } from '../src/detector-options';

describe('resolveDetectorOptions', () => {
  it('when only the model path is given, then the documented defaults apply', () => {
    expect(resolveDetectorOptions({ modelPath: 'm.onnx' })).toEqual({
      modelPath: 'm.onnx',
      minConfidence: 0.5,
      iouThreshold: 0.6,
      poolSize: availableParallelism(),
      maxInputPixels: 100_000_000,
      intraOpThreads: 1,
      decodeBudgetBytes: 384 * 2 ** 20,
    });
  });

  it('when an option is passed as undefined, then its default still applies', () => {
    expect(resolveDetectorOptions({ modelPath: 'm.onnx', poolSize: undefined }).poolSize).toBe(availableParallelism());
  });

  it('when an option is out of range, then a RangeError names it', () => {
    expect(() => resolveDetectorOptions({ modelPath: 'm', minConfidence: 1.5 })).toThrow(/minConfidence/);
    expect(() => resolveDetectorOptions({ modelPath: 'm', iouThreshold: Number.NaN })).toThrow(/iouThreshold/);
    expect(() => resolveDetectorOptions({ modelPath: 'm', poolSize: 0 })).toThrow(/poolSize/);
    expect(() => resolveDetectorOptions({ modelPath: 'm', intraOpThreads: 1.5 })).toThrow(/intraOpThreads/);
    expect(() => resolveDetectorOptions({ modelPath: 'm', maxInputPixels: -1 })).toThrow(/maxInputPixels/);
    expect(() => resolveDetectorOptions({ modelPath: 'm', decodeBudgetBytes: 0 })).toThrow(/decodeBudgetBytes/);
  });
});
