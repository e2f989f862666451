/**
 * An open-loop load at a fixed rate, evenly paced: request i is due at start + i / rate, whatever the answers do,
 * over at most `connections` keep-alive sockets (a request due while all are busy waits for one). Its latency is
 * counted from when it was due, not from when a socket took it, so a stalled server is charged for the requests it
 * held back (no coordinated omission). autocannon's own rate option is no use here: each connection sends its
 * quota for the second as fast as it can at the start of every second, so its p99 measures that burst.
 */
import { Agent, request } from 'node:http';

export interface PacedRun {
  latenciesMs: number[];
  non2xx: number;
  errors: number;
}

export function pacedLoad(
  spec: { url: string; method: string; body?: string; connections: number; rate: number },
  seconds: number,
): Promise<PacedRun> {
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections });
  const url = new URL(spec.url);
  const headers: Record<string, string | number> = spec.body
    ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(spec.body) }
    : {};
  const total = Math.round(spec.rate * seconds);
  const run: PacedRun = { latenciesMs: [], non2xx: 0, errors: 0 };
  const start = performance.now();
  let sent = 0;
  let answered = 0;

  return new Promise((resolve) => {
    const finish = () => {
      if (++answered < total) return;
      agent.destroy();
      resolve(run);
    };
    const send = (dueAt: number) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname + url.search, method: spec.method, headers, agent },
        (res) => {
          res.resume();
          res.once('end', () => {
            run.latenciesMs.push(performance.now() - dueAt);
            if (res.statusCode! < 200 || res.statusCode! >= 300) run.non2xx++;
            finish();
          });
        },
      );
      req.once('error', () => {
        run.errors++;
        finish();
      });
      req.end(spec.body);
    };
    // Every millisecond, send what has come due since the last tick.
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / spec.rate <= now) send(start + (sent++ * 1000) / spec.rate);
      if (sent < total) setTimeout(tick, 1);
    };
    tick();
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
