/**
 * An open-loop load at a fixed rate, evenly paced: request i is due at start + i / rate, whatever the answers do,
 * over at most `connections` keep-alive sockets (a request due while all are busy waits for one). Its latency is
 * counted from when it was due, not from when a socket took it, so a stalled server is charged for the requests it
 * held back (no coordinated omission). autocannon's own rate option is no use here: each connection sends its
 * quota for the second as fast as it can at the start of every second, so its p99 measures that burst.
 *
 * Raw sockets and one prebuilt request, as autocannon does: node:http's client costs about four times the CPU per
 * request, which on 2 cores it would take from the server it measures. Answers must carry a Content-Length.
 */
import { connect, Socket } from 'node:net';

export interface PacedRun {
  latenciesMs: number[];
  non2xx: number;
  errors: number;
}

const HEADERS_END = '\r\n\r\n';

/** What the connections of one load share. */
interface Load {
  url: URL;
  requestBytes: Buffer;
  run: PacedRun;
  /** Due times of requests waiting for a socket, oldest first. */
  due: number[];
  idle: Connection[];
  sockets: Socket[];
  answered(): void;
}

class Connection {
  private readonly socket: Socket;
  private dueAt = 0;
  private received = '';
  constructor(private readonly load: Load) {
    this.socket = connect(Number(load.url.port), load.url.hostname);
    load.sockets.push(this.socket);
    this.socket.setNoDelay(true);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => this.onData(chunk));
    this.socket.on('error', () => undefined);
    this.socket.once('connect', () => this.free());
  }
  send(dueAt: number): void {
    this.dueAt = dueAt;
    this.socket.write(this.load.requestBytes);
  }
  private onData(chunk: string): void {
    this.received += chunk;
    const headersEnd = this.received.indexOf(HEADERS_END);
    if (headersEnd < 0) return;
    const head = this.received.slice(0, headersEnd);
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? NaN);
    if (Number.isNaN(length)) throw new Error(`an answer without content-length: ${head}`);
    if (this.received.length < headersEnd + HEADERS_END.length + length) return;
    const status = Number(head.slice(9, 12));
    this.received = '';
    this.load.run.latenciesMs.push(performance.now() - this.dueAt);
    if (status < 200 || status >= 300) this.load.run.non2xx++;
    this.free();
    this.load.answered();
  }
  private free(): void {
    const next = this.load.due.shift();
    if (next === undefined) this.load.idle.push(this);
    else this.send(next);
  }
}

export function pacedLoad(
  spec: { url: string; method: string; body?: string; connections: number; rate: number },
  seconds: number,
): Promise<PacedRun> {
  const url = new URL(spec.url);
  const body = spec.body ?? '';
  const requestBytes = Buffer.from(
    `${spec.method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\nconnection: keep-alive\r\n` +
      (spec.body ? `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` : '') +
      `\r\n${body}`,
  );
  const total = Math.round(spec.rate * seconds);
  const run: PacedRun = { latenciesMs: [], non2xx: 0, errors: 0 };
  const due: number[] = [];
  const idle: Connection[] = [];
  const sockets: Socket[] = [];
  const start = performance.now();
  let scheduled = 0;
  let answered = 0;

  return new Promise((resolve) => {
    const done = () => {
      if (++answered < total) return;
      for (const socket of sockets) socket.destroy();
      resolve(run);
    };

    const load: Load = { url, requestBytes, run, due, idle, sockets, answered: done };
    for (let i = 0; i < spec.connections; i++) new Connection(load);
    // Every millisecond, hand what has come due to idle sockets; the rest waits for one to answer.
    const tick = () => {
      const now = performance.now();
      while (scheduled < total && start + (scheduled * 1000) / spec.rate <= now) {
        const dueAt = start + (scheduled++ * 1000) / spec.rate;
        const connection = idle.pop();
        if (connection) connection.send(dueAt);
        else due.push(dueAt);
      }
      if (scheduled < total) setTimeout(tick, 1);
    };
    tick();
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
