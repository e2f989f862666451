/**
 * Detection throughput benchmark: images/s, per-image latency, process CPU use (all threads) against wall
 * time, and the main event loop's delay/utilisation, for several pool sizes and ONNX intra-op thread counts.
 * Run: npm run bench:detection  (env BENCH_IMAGES=120 images per run, BENCH_ROUNDS=3 rounds)
 * Scenarios are interleaved over the rounds and the median round (by images/s) is shown, because other
 * processes on the machine disturb single runs.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { ModelRegistry, ObjectDetector } from '@app/detection';
import { percentile } from '../queue/stats';
import { writeResultsSection } from '../results-file';

const root = join(__dirname, '../../..');
const images = ['astronaut.png', 'chelsea.png', 'coffee.png'].map((n) => readFileSync(join(root, 'test/fixtures', n)));
const imagesPerRun = Number(process.env.BENCH_IMAGES ?? 120);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

interface Scenario {
  poolSize: number;
  intraOpThreads: number;
  inFlight: number;
}

async function measure({ poolSize, intraOpThreads, inFlight }: Scenario) {
  const registry = await ModelRegistry.open({ shippedDir: join(root, 'models'), defaultModel: 'ssdlite' });
  const detector = await ObjectDetector.create({ registry, poolSize, intraOpThreads });
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
  const columns = Object.keys(rows[0]) as (keyof (typeof rows)[number])[];
  const table = [
    `| ${columns.join(' | ')} |`,
    `|${columns.map(() => '---:').join('|')}|`,
    ...rows.map((row) => `| ${columns.map((c) => row[c]).join(' | ')} |`),
  ];
  writeResultsSection(
    join(root, 'bench', 'RESULTS.md'),
    'Detection',
    [
      `Run ${new Date().toISOString()} on ${cores} cores, Node ${process.version}; load average before/after: ${loadBefore} / ${loadAfter}.`,
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
