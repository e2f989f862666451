import { fork, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Server {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, seconds = 60): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listens on ${port}`);
}

function stopper(child: ChildProcess, cleanup: () => void = () => undefined) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return (cleanup(), resolve());
      child.once('exit', () => (cleanup(), resolve()));
      child.kill('SIGTERM');
    });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSecondsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the line (11 and 12 after "pid (comm) "), in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Only what the apps read: nothing of the caller's own configuration (S3_BUCKET, AWS_*...) leaks in. */
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' };

/** The floor: bare Fastify and one synchronous SQLite insert per request (floor.ts), in its own process. */
export async function startFloor(): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-api-floor-'));
  const port = await freePort();
  const child = fork(join(__dirname, 'floor.js'), [String(port), join(dir, 'floor.sqlite')], {
    env: BASE_ENV,
    stdio: 'ignore',
  });
  await waitForPort(port, child);
  const stop = stopper(child, () => rmSync(dir, { recursive: true, force: true }));
  return { name: 'floor', url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
}

export interface Product {
  api: Server;
  queue: Server;
  dataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * The product as `npm start` runs it self-hosted, minus the worker: the built queue server and the built API, on a
 * fresh DATA_DIR (SQLite job store, file storage), no API keys on a loopback HOST (the default start: anonymous
 * callers in the default tenant), the rate limit off, LOG_LEVEL at its default (info), the API's JSON log lines going
 * to a file in DATA_DIR.
 */
export async function startProduct(apiNodeArgs: string[] = []): Promise<Product> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-'));
  const queuePort = await freePort();
  const queueChild = spawn(process.execPath, [join(__dirname, '../../apps/queue/src/main.js')], {
    env: { ...BASE_ENV, QUEUE_PORT: String(queuePort), DATA_DIR: dataDir },
    stdio: 'ignore',
  });
  await waitForPort(queuePort, queueChild);
  const apiPort = await freePort();
  const logFile = join(dataDir, 'api.log');
  const log = openSync(logFile, 'a');
  const apiChild = spawn(process.execPath, [...apiNodeArgs, join(__dirname, '../../apps/api/src/main.js')], {
    env: {
      ...BASE_ENV,
      DATA_DIR: dataDir,
      PORT: String(apiPort),
      HOST: '127.0.0.1',
      QUEUE_PORT: String(queuePort),
      RATE_LIMIT_PER_MINUTE: '0',
    },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  await waitForPort(apiPort, apiChild);
  const api = { name: 'api', url: `http://127.0.0.1:${apiPort}`, pid: apiChild.pid!, stop: stopper(apiChild) };
  const queue = {
    name: 'queue',
    url: `http://127.0.0.1:${queuePort}`,
    pid: queueChild.pid!,
    stop: stopper(queueChild),
  };
  return {
    api,
    queue,
    dataDir,
    logFile,
    async stop() {
      await api.stop();
      await queue.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
