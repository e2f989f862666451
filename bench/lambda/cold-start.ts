import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { startBundle } from './bundle-process';

export interface ColdStart {
  /** Parent's clock: fork() until the bundle was required (the Lambda init phase, bootstrap started). */
  loadedMs: number;
  /** Parent's clock: fork() until the first event's answer arrived: the cold start. */
  firstAnswerMs: number;
  statusCode: number;
}

/** One cold start: a fresh Node process loads the bundle and answers `event`. */
export async function measureColdStart(
  bundle: string,
  env: Record<string, string>,
  event: unknown,
): Promise<ColdStart> {
  const forkedAt = performance.now();
  const lambda = await startBundle(bundle, env);
  const loadedMs = performance.now() - forkedAt;
  try {
    const { result } = await lambda.invoke(event);
    return { loadedMs, firstAnswerMs: performance.now() - forkedAt, statusCode: result.statusCode };
  } finally {
    await lambda.close();
  }
}

/** Warm invocations after the first: ms per event, as the parent sees them. */
export async function measureWarm(
  bundle: string,
  env: Record<string, string>,
  event: unknown,
  count: number,
): Promise<number[]> {
  const lambda = await startBundle(bundle, env);
  try {
    await lambda.invoke(event);
    const times: number[] = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await lambda.invoke(event);
      times.push(performance.now() - started);
    }
    return times;
  } finally {
    await lambda.close();
  }
}

/** Node alone: fork() of an empty script until its first IPC message, the floor under any cold start. */
export function measureBareNode(): Promise<number> {
  const forkedAt = performance.now();
  const child = spawn(process.execPath, ['-e', 'process.send("up"); process.disconnect()'], {
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(performance.now() - forkedAt));
    child.once('error', reject);
  });
}
