import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopper, waitForPort } from '../child-processes';

export interface RunningServer {
  name: string;
  endpoint: string;
  pid: number;
  dataDir?: string;
  stop(): Promise<void>;
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
