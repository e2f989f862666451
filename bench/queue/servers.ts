import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningServer {
  name: string;
  endpoint: string;
  pid: number;
  dataDir?: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
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

function stopper(child: ChildProcess, cleanup: () => void) {
  return () =>
    new Promise<void>((resolve) => {
      child.once('exit', () => (cleanup(), resolve()));
      child.kill('SIGTERM');
    });
}

/** Our server as `npm run queue` runs it, in its own process, on a fresh data directory. */
export async function startOurs(sync: 'normal' | 'full' = 'normal'): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-queue-'));
  const port = await freePort();
  const main = join(__dirname, '../../apps/queue/src/main.js');
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, QUEUE_PORT: String(port), DATA_DIR: dataDir, QUEUE_SYNC: sync },
    stdio: 'ignore',
  });
  await waitForPort(port, child);
  const stop = stopper(child, () => rmSync(dataDir, { recursive: true, force: true }));
  return {
    name: sync === 'full' ? 'sqs-server QUEUE_SYNC=full' : 'sqs-server',
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    dataDir,
    stop,
  };
}

export async function startMoto(): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  await waitForPort(port, child);
  return {
    name: 'moto_server',
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: stopper(child, () => undefined),
  };
}
