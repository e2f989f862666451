/**
 * API benchmark: the request path against its floor. Starts the floor (bare Fastify, one synchronous better-sqlite3
 * insert per request), the Nest floor (the same behind NestJS and a ValidationPipe) and the product (the built API
 * and queue server, self-hosted: SQLite store, file storage, no worker, rate limit off), uploads one image, and loads
 * each with the same generator, autocannon, in its own process; each is also offered the target's paced rate.
 * Run: npm run bench:api   (env BENCH_SECONDS, default 10; BENCH_CONNECTIONS, default 32; BENCH_WARMUP_SECONDS,
 *      default 3; BENCH_API_NODE_ARGS, extra node flags for the API, e.g. --cpu-prof). The figures are also written to
 *      bench/RESULTS.md, section "## API", with bench/api/changes.md (what was changed and what each change bought).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { writeResultsSection } from '../results-file';
import type { LoadResult, LoadSpec } from './load';
import { cpuSecondsOf, Server, startFloor, startProduct } from './servers';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const API_NODE_ARGS = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
const REPO_ROOT = join(__dirname, '..', '..', '..');
const TARGET_PROCESS_RATIO = 0.3;
const TARGET_PROCESS_P99_MS = 25;
const TARGET_GET_RATIO = 0.5;

function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'load.js'), JSON.stringify(spec)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load exited ${code}`)),
    );
  });
}

interface Measured extends LoadResult {
  name: string;
  /** CPU seconds per second of the measured run, per server process. */
  serverCpu: Record<string, number>;
}

/** A warm-up run, then the measured run, with the servers' CPU sampled around the measured one. */
async function measure(
  name: string,
  servers: Server[],
  spec: Omit<LoadSpec, 'seconds' | 'warmupSeconds' | 'connections'>,
) {
  if (WARMUP_SECONDS > 0)
    await runLoad({ ...spec, connections: CONNECTIONS, seconds: WARMUP_SECONDS, warmupSeconds: 0 });
  const before = servers.map((s) => cpuSecondsOf(s.pid));
  const result = await runLoad({ ...spec, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 0 });
  const serverCpu = Object.fromEntries(servers.map((s, i) => [s.name, (cpuSecondsOf(s.pid) - before[i]) / SECONDS]));
  const measured: Measured = { name, ...result, serverCpu };
  console.error(
    `${name}: ${result.requestsPerSecond.toFixed(0)} req/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, ` +
      `non-2xx ${result.non2xx}, errors ${result.errors}`,
  );
  if (result.non2xx > 0 || result.errors > 0)
    throw new Error(`${name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return measured;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** One real upload through the API (presign, then PUT), as a client does; returns the image's s3:// URL. */
async function uploadImage(api: string): Promise<string> {
  const image = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#4a7' } })
    .jpeg()
    .toBuffer();
  const presign = await postJson(`${api}/uploads/presign`, {
    filename: 'bench.jpg',
    contentType: 'image/jpeg',
    size: image.length,
  });
  if (presign.status !== 200 && presign.status !== 201) throw new Error(`presign answered ${presign.status}`);
  const { url, headers, method, bucket, key } = presign.json as {
    url: string;
    headers: Record<string, string>;
    method: string;
    bucket: string;
    key: string;
  };
  const put = await fetch(url, { method, headers, body: image });
  if (!put.ok) throw new Error(`upload answered ${put.status}: ${await put.text()}`);
  return `s3://${bucket}/${key}`;
}

/** The server processes' CPU time per answered request: steadier than req/s on a machine others share. */
const cpuPerRequest = (m: Measured) =>
  `${((Object.values(m.serverCpu).reduce((a, b) => a + b, 0) * 1000) / m.requestsPerSecond).toFixed(2)} ms`;

const cpu = (m: Measured) =>
  [
    ...Object.entries(m.serverCpu).map(([name, c]) => `${name} ${c.toFixed(2)}`),
    `load ${(m.cpuSeconds / SECONDS).toFixed(2)}`,
  ].join(', ');

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const results: Measured[] = [];

  // The floors store the same body POST /process gets (an s3:// URL of the same shape).
  let processBody = JSON.stringify({ imageUrls: ['s3://image-processing-uploads/uploads/2026/12/01/bench.jpg'] });
  const floor = await startFloor();
  let targetRate: number;
  try {
    results.push(await measure('floor', [floor], { url: `${floor.url}/process`, method: 'POST', body: processBody }));
    targetRate = Math.ceil(results[0].requestsPerSecond * TARGET_PROCESS_RATIO);
    // What this machine's tail is at the target's rate with nothing but the floor's work to do.
    results.push(
      await measure(`floor at ${targetRate} req/s`, [floor], {
        url: `${floor.url}/process`,
        method: 'POST',
        body: processBody,
        rate: targetRate,
      }),
    );
  } finally {
    await floor.stop();
  }
  // The same behind NestJS and its ValidationPipe, which the issue keeps: the framework's own share of that tail.
  const nestFloor = await startFloor('nest-floor');
  try {
    const refused = await postJson(`${nestFloor.url}/process`, { imageUrls: [1] });
    if (refused.status !== 400) throw new Error(`the Nest floor answered ${refused.status} to a bad body, not 400`);
    const spec = { url: `${nestFloor.url}/process`, method: 'POST', body: processBody } as const;
    results.push(await measure('Nest floor', [nestFloor], spec));
    results.push(await measure(`Nest floor at ${targetRate} req/s`, [nestFloor], { ...spec, rate: targetRate }));
  } finally {
    await nestFloor.stop();
  }

  const product = await startProduct(API_NODE_ARGS);
  let logBytes: number | undefined;
  try {
    const api = product.api.url;
    const imageUrl = await uploadImage(api);
    processBody = JSON.stringify({ imageUrls: [imageUrl] });
    const servers = [product.api, product.queue];
    results.push(await measure('POST /process', servers, { url: `${api}/process`, method: 'POST', body: processBody }));
    // The latency the target asks of "that load": the floor's req/s times the target ratio, offered evenly paced
    // (at saturation, as above, 32 closed-loop connections make p99 whatever the queue of 32 requests costs).
    results.push(
      await measure(`POST /process at ${targetRate} req/s`, servers, {
        url: `${api}/process`,
        method: 'POST',
        body: processBody,
        rate: targetRate,
      }),
    );
    const submitted = await postJson(`${api}/process`, JSON.parse(processBody));
    if (submitted.status !== 202) throw new Error(`POST /process answered ${submitted.status}`);
    results.push(
      await measure('GET /jobs/{id}', servers, { url: `${api}/jobs/${submitted.json.jobId}`, method: 'GET' }),
    );
    logBytes = existsSync(product.logFile) ? statSync(product.logFile).size : 0;
  } finally {
    await product.stop();
  }

  const [floorResult, floorAtTarget, nestFloorResult, nestFloorAtTarget, post, postAtTarget, get] = results;
  const ratio = (m: Measured) => m.requestsPerSecond / floorResult.requestsPerSecond;
  const row = (m: Measured, target: string) =>
    `| ${m.name} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50Ms} ms | ${m.p99Ms} ms | ${m === floorResult ? '1' : ratio(m).toFixed(2)}x | ${target} | ${cpu(m)} | ${cpuPerRequest(m)} |`;
  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const postOk = ratio(post) >= TARGET_PROCESS_RATIO;
  const postLatencyOk = postAtTarget.p99Ms <= TARGET_PROCESS_P99_MS;
  const getOk = ratio(get) >= TARGET_GET_RATIO;
  const changesFile = join(REPO_ROOT, 'bench', 'api', 'changes.md');
  const changes = existsSync(changesFile) ? readFileSync(changesFile, 'utf8').trim() : '';
  const body = [
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version};` +
      ` load average before the run: ${load}.`,
    '',
    `autocannon (its own process) at ${CONNECTIONS} connections for ${SECONDS} s after a ${WARMUP_SECONDS} s warm-up,` +
      ' against: the floor (bare Fastify, one synchronous better-sqlite3 insert per request, WAL with' +
      ' synchronous = NORMAL: no fsync per insert, in its own process); the product: the built API and the built queue' +
      ' server, self-hosted (SQLite job store, file storage, one image uploaded first), no worker, RATE_LIMIT_PER_MINUTE=0,' +
      " no API keys on a loopback HOST (the default start), LOG_LEVEL at its default (info), the API's JSON lines" +
      ` written to a file (${((logBytes ?? 0) / 1024 / 1024).toFixed(1)} MiB in this run).` +
      ' CPU = CPU seconds per second of the measured run, per process (1.00 = one core).',
    '',
    '| request | req/s | p50 | p99 | ratio to the floor | target | CPU per process | server CPU per request |',
    '|---|---:|---:|---:|---:|---|---|---:|',
    row(floorResult, ''),
    row(floorAtTarget, `the machine's own tail at that rate: p99 ${floorAtTarget.p99Ms} ms`),
    row(nestFloorResult, ''),
    row(nestFloorAtTarget, `the framework's tail at that rate: p99 ${nestFloorAtTarget.p99Ms} ms`),
    row(
      post,
      `>= ${TARGET_PROCESS_RATIO}x: ${verdict(postOk)}; p99 here ${post.p99Ms <= TARGET_PROCESS_P99_MS ? '<=' : '>'} ${TARGET_PROCESS_P99_MS} ms`,
    ),
    row(
      postAtTarget,
      `p99 <= ${TARGET_PROCESS_P99_MS} ms at ${TARGET_PROCESS_RATIO}x the floor's rate: ${verdict(postLatencyOk)}`,
    ),
    row(get, `>= ${TARGET_GET_RATIO}x: ${verdict(getOk)}`),
    '',
    `The row "POST /process at N req/s" offers the floor's req/s times ${TARGET_PROCESS_RATIO}, evenly paced and` +
      ' open-loop (bench/api/paced-load.ts: each request due at its time over at most the same connections, its' +
      " latency counted from when it was due; autocannon's rate option sends each second's quota in a burst): the" +
      ' p99 of that load. The saturated rows show the p99 of 32 requests always in flight. The floor and the Nest' +
      ' floor (bench/api/nest-floor.ts: the same insert behind NestJS, its Fastify adapter and a ValidationPipe with' +
      " the product's options) get the same paced load: what is left of the 25 ms for the product's own work is" +
      ` ${TARGET_PROCESS_P99_MS} ms minus their p99.`,
    '',
    'Reproduce: `npm run bench:api` (BENCH_SECONDS=10, BENCH_CONNECTIONS=32).',
    ...(changes ? ['', changes] : []),
  ].join('\n');
  console.log(body);
  writeResultsSection(join(REPO_ROOT, 'bench', 'RESULTS.md'), 'API', body);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
