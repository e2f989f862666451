/**
 * Detection throughput benchmark, in one run:
 * 1. the product (ObjectDetector on the default model, as the worker runs it) against the pipeline limit (sharp
 *    decode + resize + raw onnxruntime in two worker threads, no service code), on the small fixture photos and on
 *    12 MP JPEGs made from a fixture here, with the ratio (goal: at least 0.85x);
 * 2. the product on every shipped model (information);
 * 3. images/s, latency, CPU use and the event loop for several pool sizes and ONNX intra-op thread counts.
 * Run: npm run bench:detection  (env BENCH_IMAGES=120 small images per run, BENCH_ROUNDS=3 rounds)
 * Scenarios are interleaved over the rounds and the median round (by images/s) is shown, because other
 * processes on the machine disturb single runs.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ModelRegistry, ObjectDetector } from '@app/detection';
import { PipelineLimit } from './pipeline-limit';
import { Detect, IN_FLIGHT, largeJpegs, markdownTable, throughput } from './workload';
import { percentile } from '../queue/stats';
import { writeResultsSection } from '../results-file';

const root = join(__dirname, '../../..');
const images = ['astronaut.png', 'chelsea.png', 'coffee.png'].map((n) => readFileSync(join(root, 'test/fixtures', n)));
const imagesPerRun = Number(process.env.BENCH_IMAGES ?? 120);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const openRegistry = () => ModelRegistry.open({ shippedDir: join(root, 'models'), defaultModel: 'ssdlite' });
/** images/s of `detect` over `count` images, after one pass over the set (sessions, sharp's caches warm). */
async function warmThroughput(detect: Detect, set: Buffer[], count: number): Promise<number> {
  for (const image of set) await detect(image);
  return throughput(detect, set, count);
}

interface LimitRow {
  images: string;
  'limit images/s': number;
  'product images/s': number;
  ratio: number;
}

/** Product against the pipeline limit, interleaved per round, on small photos and on 12 MP JPEGs. */
async function limitVersusProduct(): Promise<LimitRow[]> {
  const registry = await openRegistry();
  const model = await registry.resolveDefault();
  const sets = [
    { name: 'small photos (PNG, 0.15-0.26 MP)', set: images, count: imagesPerRun },
    {
      name: '12 MP JPEG (4000x3000)',
      set: await largeJpegs(images),
      count: Math.max(12, Math.round(imagesPerRun / 5)),
    },
  ];
  const runs = sets.map(() => ({ limit: [] as number[], product: [] as number[] }));
  for (let round = 0; round < rounds; round++) {
    for (const [i, { set, count }] of sets.entries()) {
      const limit = await PipelineLimit.start({
        modelPath: model.filePath,
        inputName: model.manifest.input.name,
        size: model.manifest.input.width,
      });
      runs[i].limit.push(await warmThroughput((image) => limit.detect(image), set, count));
      await limit.close();
      const detector = await ObjectDetector.create({ registry, poolSize: 2 });
      runs[i].product.push(await warmThroughput((image) => detector.detect(image), set, count));
      await detector.close();
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
  return sets.map(({ name }, i) => {
    const limit = median(runs[i].limit);
    const product = median(runs[i].product);
    return {
      images: name,
      'limit images/s': +limit.toFixed(1),
      'product images/s': +product.toFixed(1),
      ratio: +(product / limit).toFixed(2),
    };
  });
}

/** The product on each shipped model (small photos, two threads): for information. */
async function perModel(): Promise<Record<string, string | number>[]> {
  const registry = await openRegistry();
  const detector = await ObjectDetector.create({ registry, poolSize: 2 });
  const rows: Record<string, string | number>[] = [];
  try {
    for (const { ref, manifest } of registry.list()) {
      const perRound: number[] = [];
      for (let round = 0; round < rounds; round++)
        perRound.push(await warmThroughput((image) => detector.detect(image, { model: ref }), images, imagesPerRun));
      rows.push({
        model: ref,
        family: manifest.family,
        input: `${manifest.input.width}x${manifest.input.height} ${manifest.input.resize}`,
        'images/s': +[...perRound].sort((a, b) => a - b)[perRound.length >> 1].toFixed(1),
      });
    }
  } finally {
    await detector.close();
  }
  return rows;
}

interface Scenario {
  poolSize: number;
  intraOpThreads: number;
  inFlight: number;
}

async function measure({ poolSize, intraOpThreads, inFlight }: Scenario) {
  const detector = await ObjectDetector.create({ registry: await openRegistry(), poolSize, intraOpThreads });
  for (let i = 0; i < poolSize * 3; i++) await detector.detect(images[i % 3]); // warm every session
  const latencies: number[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  const cpuBefore = process.cpuUsage();
  const eluBefore = performance.eventLoopUtilization();
  loopDelay.enable();
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < imagesPerRun) {
        const image = images[next++ % 3];
        const t0 = performance.now();
        await detector.detect(image);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const wallMs = performance.now() - start;
  loopDelay.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const elu = performance.eventLoopUtilization(eluBefore).utilization;
  await detector.close();
  return {
    pool: poolSize,
    intraOp: intraOpThreads,
    inFlight,
    'images/s': +((imagesPerRun / wallMs) * 1000).toFixed(1),
    'p50 ms': +percentile(latencies, 50).toFixed(1),
    'p95 ms': +percentile(latencies, 95).toFixed(1),
    'cores used': +((cpu.user + cpu.system) / 1000 / wallMs).toFixed(2),
    'loop max ms': +(loopDelay.max / 1e6).toFixed(1),
    'loop p99 ms': +(loopDelay.percentile(99) / 1e6).toFixed(1),
    'loop util': +elu.toFixed(2),
  };
}

async function main() {
  const cores = availableParallelism();
  const loadBefore = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(
    `${imagesPerRun} images per run, median of ${rounds} rounds (astronaut/chelsea/coffee PNG, decode + resize + inference + NMS), ${cores} cores`,
  );
  const limits = await limitVersusProduct();
  console.log('Product (ObjectDetector, default model, 2 threads) against the pipeline limit:');
  console.table(limits);
  const models = await perModel();
  console.log('Product on each shipped model (small photos, 2 threads):');
  console.table(models);
  const scenarios: Scenario[] = [
    { poolSize: 1, intraOpThreads: 1, inFlight: 1 },
    { poolSize: 1, intraOpThreads: 1, inFlight: 4 },
    { poolSize: 2, intraOpThreads: 1, inFlight: 4 },
    { poolSize: 1, intraOpThreads: 2, inFlight: 4 },
    { poolSize: 2, intraOpThreads: 2, inFlight: 4 },
  ];
  const results = scenarios.map(() => [] as Awaited<ReturnType<typeof measure>>[]);
  for (let round = 0; round < rounds; round++) {
    for (const [i, scenario] of scenarios.entries()) results[i].push(await measure(scenario));
  }
  const median = (runs: (typeof results)[number]) =>
    [...runs].sort((a, b) => a['images/s'] - b['images/s'])[runs.length >> 1];
  const rows = results.map(median);
  console.table(rows);
  const loadAfter = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  console.log(`load average before/after: ${loadBefore} / ${loadAfter}`);
  console.log('cores used = process CPU time (all threads: main, sharp/libuv, inference workers) / wall time');
  const table = markdownTable(rows);
  const floor = limits.every((row) => row.ratio >= 0.85) ? 'met' : 'NOT met';
  writeResultsSection(
    join(root, 'bench', 'RESULTS.md'),
    'Detection',
    [
      `Run ${new Date().toISOString()} on ${cores} cores, Node ${process.version}; load average before/after: ${loadBefore} / ${loadAfter}.`,
      '',
      '### Product against the pipeline limit (default model)',
      '',
      'The pipeline limit is sharp decode + resize (EXIF rotation, plain resize to 300x300, raw RGB) and the tensor, then a bare',
      'onnxruntime session in one of two worker threads (`bench/detection/pipeline-limit.ts`, no service code). The product is',
      '`ObjectDetector` as the worker runs it (header check, decode budget, registry, piscina pool of 2, decoding, NMS).',
      `Both keep ${IN_FLIGHT} images in flight; median of ${rounds} interleaved rounds. The 12 MP JPEGs are made from the fixtures`,
      `with sharp at bench time. Goal: ratio >= 0.85 on both sets (${floor} in this run).`,
      '',
      ...markdownTable(limits as unknown as Record<string, string | number>[]),
      '',
      '### Each shipped model (product, small photos, 2 threads; for information)',
      '',
      ...markdownTable(models),
      '',
      '### Pool size and intra-op threads (default model)',
      '',
      `${imagesPerRun} images per run (astronaut/chelsea/coffee PNG: decode + resize + inference + NMS), median of ${rounds} rounds.`,
      '"pool" = inference worker threads (one ONNX session each), "intraOp" = ONNX threads per session, "inFlight" = images submitted at once;',
      '"cores used" = process CPU time over wall time; "loop" = the main event loop while detecting (max and p99 delay, utilisation).',
      'The shipped default is pool = cores, intraOp = 1.',
      '',
      ...table,
      '',
      'Command: `npm run bench:detection`.',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
