import { ChildProcess, fork } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'bench')}`) ? '../../..' : '../..');
const RUNNER = join(REPO_ROOT, 'apps', 'api', 'lambda', 'invoke-bundle.cjs');

type RunnerMessage =
  | { type: 'loaded'; at: number }
  | { type: 'result'; id: number; result: unknown; at: number }
  | { type: 'error'; id: number; error: string; at: number };

/** A fresh Node process holding a packaged lambda.js, driven like the Lambda runtime drives it. */
export interface BundleProcess {
  /** ms from process start until the bundle was required (the init phase, which starts the bootstrap). */
  loadedAt: number;
  /** Invokes the handler; `at` is ms from process start until the answer. */
  invoke(event: unknown): Promise<{ result: any; at: number }>;
  /** Everything the process wrote to stdout so far (the JSON logs). */
  output(): string;
  close(): Promise<void>;
}

export async function startBundle(bundle: string, env: Record<string, string>): Promise<BundleProcess> {
  const child: ChildProcess = fork(RUNNER, [bundle], {
    // As in /var/task: the working dir is the bundle's, where the zip's models/ manifests are.
    cwd: dirname(bundle),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const waiting = new Map<
    number,
    { resolve: (value: { result: any; at: number }) => void; reject: (error: Error) => void }
  >();
  let nextId = 0;
  const loadedAt = await new Promise<number>((resolveLoaded, reject) => {
    child.once('exit', (code) => reject(new Error(`the bundle process exited (${code}) before loading:\n${output}`)));
    child.on('message', (message: RunnerMessage) => {
      if (message.type === 'loaded') return resolveLoaded(message.at);
      const pending = waiting.get(message.id);
      waiting.delete(message.id);
      if (message.type === 'result') pending?.resolve({ result: message.result, at: message.at });
      else pending?.reject(new Error(message.error));
    });
  });
  child.on('exit', (code) =>
    waiting.forEach(({ reject }) => reject(new Error(`the bundle process exited (${code}):\n${output}`))),
  );
  return {
    loadedAt,
    invoke: (event) =>
      new Promise((resolveResult, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolveResult, reject });
        child.send({ id, event });
      }),
    output: () => output,
    close: () =>
      new Promise((resolveClosed) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveClosed();
        child.once('exit', () => resolveClosed());
        child.kill('SIGKILL');
      }),
  };
}
