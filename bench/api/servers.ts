import { fork, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, stopper, waitForPort } from '../child-processes';

export { cpuSecondsOf } from '../child-processes';

export interface Server {
  name: string;
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Only what the apps read: nothing of the caller's own configuration (S3_BUCKET, AWS_*...) leaks in. */
const BASE_ENV = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' };

/**
 * A floor in its own process: bare Fastify and one synchronous SQLite insert per request (floor.ts), or the same
 * behind NestJS with a ValidationPipe (nest-floor.ts).
 */
export async function startFloor(kind: 'floor' | 'nest-floor' = 'floor'): Promise<Server> {
  const dir = mkdtempSync(join(tmpdir(), `bench-api-${kind}-`));
  const port = await freePort();
  const child = fork(join(__dirname, `${kind}.js`), [String(port), join(dir, 'floor.sqlite')], {
    env: BASE_ENV,
    stdio: 'ignore',
  });
  await waitForPort(port, child);
  const stop = stopper(child, () => rmSync(dir, { recursive: true, force: true }));
  return { name: kind, url: `http://127.0.0.1:${port}`, pid: child.pid!, stop };
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
