import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCocoDataset } from '../coco-dataset';
import { ANNOTATIONS_FILE, parseEvalArgs, UsageError } from '../eval-args';

/** A two-image COCO dataset made from the repository's fixture photos, in a temp dir. */
function tinyDataset(): string {
  const dir = mkdtempSync(join(tmpdir(), 'eval-args-'));
  mkdirSync(join(dir, 'images'));
  copyFileSync(join(__dirname, '../../../test/fixtures/chelsea.png'), join(dir, 'images/chelsea.png'));
  copyFileSync(join(__dirname, '../../../test/fixtures/coffee.png'), join(dir, 'images/coffee.png'));
  writeFileSync(
    join(dir, ANNOTATIONS_FILE),
    JSON.stringify({
      images: [
        { id: 7, file_name: 'chelsea.png', width: 451, height: 300 },
        { id: 9, file_name: 'coffee.png', width: 600, height: 400 },
      ],
      annotations: [
        { image_id: 7, category_id: 17, bbox: [0, 3, 389, 292], area: 100000, iscrowd: 0 },
        { image_id: 9, category_id: 47, bbox: [173, 21, 237, 219], area: 40000, iscrowd: 0 },
        { image_id: 9, category_id: 67, bbox: [0, 0, 600, 400], area: 240000, iscrowd: 1 },
      ],
      categories: [
        { id: 17, name: 'cat' },
        { id: 47, name: 'cup' },
        { id: 67, name: 'dining table' },
      ],
    }),
  );
  return dir;
}

describe('eval:coco arguments', () => {
  const dataset = tinyDataset();
  afterAll(() => rmSync(dataset, { recursive: true, force: true }));

  it('when only --model and --dataset are given, then the documented defaults apply', () => {
    expect(parseEvalArgs(['--model', 'all', '--dataset', dataset])).toEqual({
      model: 'all',
      dataset,
      minConfidence: 0.05,
      imagesPerJob: 4,
      env: {},
      tiling: false,
      write: true,
    });
  });

  it('when every option is given, then each is read', () => {
    const args = parseEvalArgs(
      [
        '--model',
        'ssd',
        '--dataset',
        basename(dataset),
        '--min-confidence',
        '0.3',
        '--images-per-job',
        '2',
        '--env',
        'A_B=1',
        '--tiling',
      ],
      join(dataset, '..'),
    );
    expect(args).toMatchObject({
      model: 'ssd',
      dataset,
      minConfidence: 0.3,
      imagesPerJob: 2,
      env: { A_B: '1' },
      tiling: true,
    });
    expect(parseEvalArgs(['--model', 'ssd', '--dataset', dataset, '--no-write']).write).toBe(false);
  });

  it('when an option is missing or out of range, then a UsageError names it', () => {
    const cases: [string[], RegExp][] = [
      [['--dataset', dataset], /--model is required/],
      [
        ['--model', 'x', '--dataset', dataset, '--min-confidence', '0'],
        /--min-confidence must be a number from 0.01 to 1/,
      ],
      [['--model', 'x', '--dataset', dataset, '--images-per-job', '1.5'], /--images-per-job must be an integer/],
      [['--model', 'x', '--dataset', join(dataset, 'images')], /--dataset .* must hold images\/ and instances/],
      [['--model', 'x', '--dataset', dataset, '--env', 'lower=1'], /--env must be NAME=VALUE/],
      [['--model', 'x', '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [argv, message] of cases) {
      expect(() => parseEvalArgs(argv), argv.join(' ')).toThrow(UsageError);
      expect(() => parseEvalArgs(argv), argv.join(' ')).toThrow(message);
    }
  });

  it('when the dataset is loaded, then images, crowd flags and category names come from its JSON', () => {
    const loaded = loadCocoDataset(dataset);
    expect(loaded.images.map((i) => [i.id, i.fileName, i.width])).toEqual([
      [7, 'chelsea.png', 451],
      [9, 'coffee.png', 600],
    ]);
    expect(loaded.groundTruth.map((g) => g.iscrowd)).toEqual([false, false, true]);
    expect(loaded.categoryIdByName.get('dining table')).toBe(67);
  });
});
