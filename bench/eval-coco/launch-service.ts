import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../child-processes';

export interface RunningService {
  api: string;
  stop(): Promise<void>;
}

/**
 * The built self-hosted service as `npm run serve` runs it (queue server, worker, API), in a temp DATA_DIR on
 * ports the OS picks; removed again by stop().
 */
export async function launchService(root: string, env: Record<string, string>): Promise<RunningService> {
  const launcher = join(root, 'dist/apps/selfhosted/src/main.js');
  if (!existsSync(launcher)) throw new Error(`${launcher} is missing: run "npm run build" first`);
  const dataDir = mkdtempSync(join(tmpdir(), 'eval-coco-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [launcher], {
    cwd: root,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      QUEUE_PORT: String(await freePort()),
      WORKER_HEALTH_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
      // 128 presigns, uploads and polls would trip the per-client default in a few seconds.
      RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const stop = () =>
    new Promise<void>((resolveStop) => {
      const done = () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolveStop();
      };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
    });
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start within 90 s:\n${output}`)), 90_000);
    child.stdout!.on('data', () => {
      if (output.includes('Self-hosted image detection is running')) {
        clearTimeout(timer);
        resolveStart();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited with ${code}:\n${output}`));
    });
  }).catch(async (error) => {
    await stop();
    throw error;
  });
  return { api: `http://127.0.0.1:${port}`, stop };
}
