import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveDetectorOptions } from '../src/detector-options';
import type { ModelRegistry } from '../src/registry';

// The options only carry the registry: a stand-in is enough to check their defaults and ranges.
const registry = {} as ModelRegistry;

describe('resolveDetectorOptions', () => {
  it('when only the registry is given, then the documented defaults apply', () => {
    expect(resolveDetectorOptions({ registry })).toEqual({
      registry,
      minConfidence: 0.5,
      iouThreshold: 0.6,
      maxDetections: 100,
      modelMemoryBytes: 512 * 2 ** 20,
      poolSize: availableParallelism(),
      maxInputPixels: 100_000_000,
      intraOpThreads: 1,
      decodeBudgetBytes: 384 * 2 ** 20,
      tiling: { overlap: 0.25, maxTilesPerAxis: 3, borderMargin: 0.02 },
    });
  });

  it('when an option is passed as undefined, then its default still applies', () => {
    expect(resolveDetectorOptions({ registry, poolSize: undefined }).poolSize).toBe(availableParallelism());
  });

  it('when an option is out of range, then a RangeError names it', () => {
    expect(() => resolveDetectorOptions({ registry, minConfidence: 1.5 })).toThrow(/minConfidence/);
    expect(() => resolveDetectorOptions({ registry, iouThreshold: Number.NaN })).toThrow(/iouThreshold/);
    expect(() => resolveDetectorOptions({ registry, poolSize: 0 })).toThrow(/poolSize/);
    expect(() => resolveDetectorOptions({ registry, intraOpThreads: 1.5 })).toThrow(/intraOpThreads/);
    expect(() => resolveDetectorOptions({ registry, maxInputPixels: -1 })).toThrow(/maxInputPixels/);
    expect(() => resolveDetectorOptions({ registry, decodeBudgetBytes: 0 })).toThrow(/decodeBudgetBytes/);
    expect(() => resolveDetectorOptions({ registry, maxDetections: 0 })).toThrow(/maxDetections/);
    expect(() => resolveDetectorOptions({ registry, modelMemoryBytes: 0.5 })).toThrow(/modelMemoryBytes/);
    const tiling = { overlap: 0.25, maxTilesPerAxis: 3, borderMargin: 0.02 };
    expect(() => resolveDetectorOptions({ registry, tiling: { ...tiling, overlap: 0.95 } })).toThrow(/tiling.overlap/);
    expect(() => resolveDetectorOptions({ registry, tiling: { ...tiling, maxTilesPerAxis: 0 } })).toThrow(
      /tiling.maxTilesPerAxis/,
    );
    expect(() => resolveDetectorOptions({ registry, tiling: { ...tiling, borderMargin: -1 } })).toThrow(
      /tiling.borderMargin/,
    );
  });
});
