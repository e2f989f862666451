/**
 * The load generator of bench:api, in its own process so it does not take the servers' CPU time from inside them:
 * autocannon at the given connections (or, with a rate, the paced open-loop load of paced-load.ts), a warm-up, then
 * the measured run. Prints one JSON line: the run's figures and this process's CPU time. Run by bench/api/run.ts with
 * its arguments as JSON in argv[2].
 */
import autocannon from 'autocannon';
import { pacedLoad, percentile } from './paced-load';

export interface LoadSpec {
  url: string;
  method: 'GET' | 'POST';
  body?: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** Requests per second, evenly paced (paced-load.ts); without it, autocannon as fast as answers come. */
  rate?: number;
}

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU seconds (user + system) this process spent during the measured run. */
  cpuSeconds: number;
}

function run(spec: LoadSpec, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: spec.url,
    method: spec.method,
    body: spec.body,
    headers: spec.body ? { 'content-type': 'application/json' } : {},
    connections: spec.connections,
    duration: seconds,
    pipelining: 1,
  });
}

async function runPaced(spec: LoadSpec & { rate: number }): Promise<LoadResult> {
  if (spec.warmupSeconds > 0) await pacedLoad(spec, spec.warmupSeconds);
  const before = process.cpuUsage();
  const startedAt = performance.now();
  const run = await pacedLoad(spec, spec.seconds);
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  const cpu = process.cpuUsage(before);
  const sorted = run.latenciesMs.sort((a, b) => a - b);
  return {
    requestsPerSecond: sorted.length / elapsedSeconds,
    p50Ms: Math.round(percentile(sorted, 50)),
    p99Ms: Math.round(percentile(sorted, 99)),
    requests: sorted.length,
    non2xx: run.non2xx,
    errors: run.errors,
    timeouts: 0,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]) as LoadSpec;
  if (spec.rate) {
    process.stdout.write(`${JSON.stringify(await runPaced({ ...spec, rate: spec.rate }))}\n`);
    return;
  }
  if (spec.warmupSeconds > 0) await run(spec, spec.warmupSeconds);
  const before = process.cpuUsage();
  const result = await run(spec, spec.seconds);
  const cpu = process.cpuUsage(before);
  const out: LoadResult = {
    requestsPerSecond: result.requests.total / spec.seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
