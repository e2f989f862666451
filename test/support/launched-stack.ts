import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from './test-env';

const LAUNCHER = join(REPO_ROOT, 'dist/apps/selfhosted/src/main.js');

export interface LaunchedStack {
  api: string;
  output: () => string;
  /** stdout alone (the launcher's and the services' logs; warnings go to stderr). */
  stdout: () => string;
  /** SIGTERM, as Ctrl+C or a service manager would; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** Starts the self-hosted stack the way `npm start` does (the built launcher), on free ports. */
export async function launchStack(
  dataDir: string,
  ports?: { api: number; queue: number; worker: number },
  extraEnv: Record<string, string> = {},
): Promise<LaunchedStack & { ports: { api: number; queue: number; worker: number } }> {
  if (!existsSync(LAUNCHER)) throw new Error(`${LAUNCHER} is missing: run "npm run build" first (npm test does)`);
  const chosen = ports ?? { api: await freePort(), queue: await freePort(), worker: await freePort() };
  const child: ChildProcess = spawn(process.execPath, [LAUNCHER], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(chosen.api),
      QUEUE_PORT: String(chosen.queue),
      WORKER_HEALTH_PORT: String(chosen.worker),
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stdout = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not start within 90 s:\n${output}`)), 90_000);
    const check = () => {
      if (output.includes('Self-hosted image detection is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`launcher exited with ${code}:\n${output}`)));
  });
  return {
    api: `http://127.0.0.1:${chosen.api}`,
    ports: chosen,
    output: () => output,
    stdout: () => stdout,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGTERM');
      }),
  };
}
