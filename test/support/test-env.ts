import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AppConfig, loadConfig } from '@app/config';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures');

/** A port nobody listens on right now (for processes that need their port before they start). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

export function tempDataDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `detect-${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The config an app would load from this environment, with quiet logs (the shipped models, from models/). */
export function testConfig(env: Record<string, string | number | undefined>): AppConfig {
  const base = {
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: 0,
  };
  const merged = Object.fromEntries(
    Object.entries({ ...base, ...env }).map(([k, v]) => [k, v === undefined ? undefined : String(v)]),
  );
  return loadConfig(merged as NodeJS.ProcessEnv);
}

export async function eventually<T>(
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
  everyMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A response's JSON body, loosely typed: tests assert its shape themselves. */
export function readJson(response: Response): Promise<any> {
  return response.json();
}
