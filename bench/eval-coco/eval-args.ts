import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

export const DEFAULT_DATASET = '../shared/datasets/coco128';
export const ANNOTATIONS_FILE = 'instances_coco128_train2017.json';

export interface EvalArgs {
  /** A model name, or `all` for every model the service ships. */
  model: string;
  dataset: string;
  minConfidence: number;
  imagesPerJob: number;
  /** Extra variables for the service (`--env NAME=VALUE`, repeatable): how variants of the defaults are compared. */
  env: Record<string, string>;
  /** Send `tiling: true` with every job (tiled inference), to compare with the same model without it. */
  tiling: boolean;
  /** Write the results section (off with `--no-write`, for trial variants). */
  write: boolean;
}

export class UsageError extends Error {}

const USAGE =
  'usage: npm run eval:coco -- --model NAME|all [--dataset DIR] [--min-confidence 0.05] [--images-per-job 4] [--tiling] [--env NAME=VALUE]... [--no-write]';

/** Parses and checks the command line; UsageError names the option and the rule. */
export function parseEvalArgs(argv: string[], cwd = process.cwd()): EvalArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        model: { type: 'string' },
        dataset: { type: 'string', default: DEFAULT_DATASET },
        'min-confidence': { type: 'string', default: '0.05' },
        'images-per-job': { type: 'string', default: '4' },
        env: { type: 'string', multiple: true, default: [] },
        tiling: { type: 'boolean', default: false },
        'no-write': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values } = parsed;
  if (!values.model) throw new UsageError(`--model is required (a model name, or "all")\n${USAGE}`);
  const minConfidence = Number(values['min-confidence']);
  if (!(minConfidence >= 0.01 && minConfidence <= 1))
    throw new UsageError(`--min-confidence must be a number from 0.01 to 1, got "${values['min-confidence']}"`);
  const imagesPerJob = Number(values['images-per-job']);
  if (!Number.isInteger(imagesPerJob) || imagesPerJob < 1 || imagesPerJob > 50)
    throw new UsageError(`--images-per-job must be an integer from 1 to 50, got "${values['images-per-job']}"`);
  const dataset = resolve(cwd, values.dataset);
  if (!existsSync(join(dataset, ANNOTATIONS_FILE)) || !existsSync(join(dataset, 'images')))
    throw new UsageError(`--dataset ${dataset} must hold images/ and ${ANNOTATIONS_FILE} (COCO JSON)`);
  const env: Record<string, string> = {};
  for (const pair of values.env) {
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(pair);
    if (!match) throw new UsageError(`--env must be NAME=VALUE with an upper-case NAME, got "${pair}"`);
    env[match[1]] = match[2];
  }
  return {
    model: values.model,
    dataset,
    minConfidence,
    imagesPerJob,
    env,
    tiling: values.tiling,
    write: !values['no-write'],
  };
}
