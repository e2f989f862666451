/**
 * What tiled inference costs: the product (ObjectDetector, 2 threads, as the worker runs it) with and without
 * `tiling`, on 12 MP JPEGs made from the fixtures (a phone photo's size) and on the small fixture photos, per model.
 * Two figures each: the latency of one image alone (its passes spread over both threads) and the throughput with 4
 * images in flight; tiled and whole runs are interleaved over the rounds and the median round is shown.
 * What it buys is measured by `npm run eval:coco -- --model NAME --tiling` (bench/RESULTS.md, Quality).
 * Run: npm run bench:tiling  (env BENCH_ROUNDS=3, BENCH_MODELS=ssdlite,picodet-s-320)
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { DEFAULT_TILING, ModelRegistry, ObjectDetector, planTiles } from '@app/detection';
import { Detect, IN_FLIGHT, largeJpegs, markdownTable, throughput } from '../detection/workload';
import { writeResultsSection } from '../results-file';

const root = join(__dirname, '../../..');
const fixtures = ['astronaut.png', 'chelsea.png', 'coffee.png'].map((n) =>
  readFileSync(join(root, 'test/fixtures', n)),
);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const models = (process.env.BENCH_MODELS ?? 'ssdlite,picodet-s-320').split(',');
export const TILING_SECTION = 'Tiling: what it costs';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** Median ms of one image detected alone, each image of the set in turn. */
async function latencyMs(detect: Detect, set: Buffer[], repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats * set.length; i++) {
    const start = performance.now();
    await detect(set[i % set.length]);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function main(): Promise<void> {
  const loadBefore = load();
  const registry = await ModelRegistry.open({ shippedDir: join(root, 'models'), defaultModel: 'ssdlite' });
  const sets = [
    {
      name: '12 MP JPEG (4000x3000)',
      images: await largeJpegs(fixtures),
      count: 12,
    },
    { name: 'small photos (PNG, 451x300-600x400)', images: fixtures, count: 60 },
  ];
  const detector = await ObjectDetector.create({ registry, poolSize: 2 });
  const rows: Record<string, string | number>[] = [];
  try {
    for (const model of models) {
      const { manifest } = await registry.resolve(model);
      for (const set of sets) {
        const passes = await Promise.all(
          set.images.map(async (image) => {
            const { width, height } = (await sharp(image).metadata()).autoOrient;
            return (
              planTiles(width, height, manifest.input.width, manifest.input.height, DEFAULT_TILING).tiles.length + 1
            );
          }),
        );
        const runs = {
          whole: { ms: [] as number[], ips: [] as number[] },
          tiled: { ms: [] as number[], ips: [] as number[] },
        };
        for (const tiling of [false, true])
          for (const image of set.images) await detector.detect(image, { model, tiling }); // warm
        for (let round = 0; round < rounds; round++) {
          for (const tiling of [false, true]) {
            const detect: Detect = (image) => detector.detect(image, { model, tiling });
            const run = tiling ? runs.tiled : runs.whole;
            run.ms.push(await latencyMs(detect, set.images, 2));
            run.ips.push(await throughput(detect, set.images, set.count));
          }
        }
        const [wholeMs, tiledMs] = [median(runs.whole.ms), median(runs.tiled.ms)];
        const [wholeIps, tiledIps] = [median(runs.whole.ips), median(runs.tiled.ips)];
        rows.push({
          model: manifest.name,
          images: set.name,
          'passes per image (tiled)': [...new Set(passes)].join(', '),
          'ms alone, whole': +wholeMs.toFixed(0),
          'ms alone, tiled': +tiledMs.toFixed(0),
          'latency ratio': +(tiledMs / wholeMs).toFixed(2),
          'images/s, whole': +wholeIps.toFixed(1),
          'images/s, tiled': +tiledIps.toFixed(1),
          'throughput ratio': +(tiledIps / wholeIps).toFixed(2),
        });
        console.table([rows[rows.length - 1]]);
      }
    }
  } finally {
    await detector.close();
  }
  const loadAfter = load();
  console.log(`load average before/after: ${loadBefore} / ${loadAfter}`);
  const { overlap, maxTilesPerAxis, borderMargin } = DEFAULT_TILING;
  writeResultsSection(
    join(root, 'bench', 'RESULTS.md'),
    TILING_SECTION,
    [
      `Run ${new Date().toISOString()} on ${availableParallelism()} cores, Node ${process.version}; load average before/after: ${loadBefore} / ${loadAfter}.`,
      '',
      `The product (\`ObjectDetector\`, piscina pool of 2) with and without \`tiling\` (overlap ${overlap}, at most ${maxTilesPerAxis} x ${maxTilesPerAxis} tiles, border margin ${borderMargin}),`,
      `interleaved, median of ${rounds} rounds. "ms alone": one image at a time (a tiled image's passes share both threads);`,
      `images/s: ${IN_FLIGHT} images in flight. "passes": the whole image plus its tiles. The 12 MP JPEGs are made from the fixtures at bench time.`,
      '',
      ...markdownTable(rows, 3),
      '',
      'Command: `npm run bench:tiling`.',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
