import { availableParallelism } from 'node:os';
import type { DetectorOptions } from './detection.types';
import { DEFAULT_TILING } from './tiling';

export type ResolvedDetectorOptions = Required<Omit<DetectorOptions, 'inferenceScript'>> &
  Pick<DetectorOptions, 'inferenceScript'>;

const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;
/** 384 MiB: with the model's threads and the job's encoded images, a worker stays well inside a 2 GiB task. */
export const DEFAULT_DECODE_BUDGET_BYTES = 384 * 2 ** 20;
/** 512 MiB: every shipped model (about 30 MB of files in all) stays loaded in each of a few threads. */
export const DEFAULT_MODEL_MEMORY_BYTES = 512 * 2 ** 20;

/** Fills in the defaults and refuses values that would silently misbehave (RangeError naming the option). */
export function resolveDetectorOptions(options: DetectorOptions): ResolvedDetectorOptions {
  const resolved = {
    minConfidence: 0.5,
    // 0.6, as in SSDLite's own TensorFlow pipeline: on coco128 it scores better than 0.5 for 3 of the 4 shipped models
    // (bench/RESULTS.md).
    iouThreshold: 0.6,
    maxDetections: 100,
    modelMemoryBytes: DEFAULT_MODEL_MEMORY_BYTES,
    poolSize: availableParallelism(),
    maxInputPixels: DEFAULT_MAX_INPUT_PIXELS,
    intraOpThreads: 1,
    decodeBudgetBytes: DEFAULT_DECODE_BUDGET_BYTES,
    tiling: DEFAULT_TILING,
    ...stripUndefined(options),
  };
  requireRange('minConfidence', resolved.minConfidence, 0, 1);
  requireRange('iouThreshold', resolved.iouThreshold, 0, 1);
  requirePositiveInteger('maxDetections', resolved.maxDetections);
  requirePositiveInteger('modelMemoryBytes', resolved.modelMemoryBytes);
  requirePositiveInteger('poolSize', resolved.poolSize);
  requirePositiveInteger('intraOpThreads', resolved.intraOpThreads);
  requirePositiveInteger('maxInputPixels', resolved.maxInputPixels);
  requirePositiveInteger('decodeBudgetBytes', resolved.decodeBudgetBytes);
  requireRange('tiling.overlap', resolved.tiling.overlap, 0, 0.9);
  requirePositiveInteger('tiling.maxTilesPerAxis', resolved.tiling.maxTilesPerAxis);
  requireRange('tiling.borderMargin', resolved.tiling.borderMargin, 0, 0.5);
  return resolved;
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function requireRange(name: string, value: number, min: number, max: number): void {
  if (!(value >= min && value <= max)) throw new RangeError(`${name} must be between ${min} and ${max}, got ${value}`);
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
}
