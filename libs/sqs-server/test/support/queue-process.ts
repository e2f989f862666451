import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, REPO_ROOT } from '../../../../test/support/test-env';

export const QUEUE_MAIN = join(REPO_ROOT, 'dist/apps/queue/src/main.js');

/** Starts the built `apps/queue` entry point (as `npm run queue` does) and resolves once it listens. */
export async function startQueueProcess(dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  if (!existsSync(QUEUE_MAIN)) throw new Error(`${QUEUE_MAIN} is missing: run npm run build first`);
  const port = await freePort();
  const child = spawn(process.execPath, [QUEUE_MAIN], {
    env: { ...process.env, QUEUE_PORT: String(port), QUEUE_HOST: '127.0.0.1', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((ready, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening on')) ready();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => fail(new Error(`queue process exited with ${code}: ${output}`)));
  });
  return { child, endpoint: `http://127.0.0.1:${port}` };
}

export function exited(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise((done) => child.once('exit', (code) => done(code)));
}
