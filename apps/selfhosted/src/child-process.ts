import { ChildProcess, spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface Service {
  name: string;
  script: string;
  /** URL that answers 2xx once the service is ready. */
  readyUrl: string;
}

export function startService(service: Service, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [service.script], { env, stdio: 'inherit' });
}

/** Polls until the service answers, or fails when it exits first or the deadline passes. */
export async function waitUntilReady(service: Service, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${service.name} exited with code ${child.exitCode} during start-up`);
    const ok = await fetch(service.readyUrl, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await sleep(200);
  }
  throw new Error(`${service.name} did not become ready at ${service.readyUrl} within ${timeoutMs} ms`);
}
