import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsServer, startSqsServer } from '@app/sqs-server';
import { freePort, REPO_ROOT, tempDataDir } from '../../../test/support/test-env';

// The built commands, exactly as `npm run api-key` and `npm run start:api` run them (npm test builds first).
const API_KEY = join(REPO_ROOT, 'dist/apps/api-key/src/main.js');
const API = join(REPO_ROOT, 'dist/apps/api/src/main.js');

describe('npm run api-key (the built command, run for real)', () => {
  const data = tempDataDir('api-key-command');
  const file = join(data.dir, 'keys', 'api-keys');
  const run = (...args: string[]) => {
    const result = spawnSync(process.execPath, [API_KEY, ...args], {
      env: { PATH: process.env.PATH, DATA_DIR: data.dir, API_KEYS_FILE: file },
      encoding: 'utf8',
    });
    return {
      status: result.status,
      lines: result.stdout.trimEnd().split('\n'),
      stdout: result.stdout,
      stderr: result.stderr,
    };
  };
  afterAll(() => data.remove());

  it('when a key is created, then it is printed once, alone on the last line, and only its SHA-256 is stored (0600)', () => {
    const created = run('create', '--tenant', 'acme', '--label', 'acme mobile backend');
    expect(created.status).toBe(0);
    const key = created.lines[created.lines.length - 1];
    expect(key).toMatch(/^idk_[A-Za-z0-9_-]{43}$/);
    expect(created.lines.slice(0, -1).join('\n')).not.toContain(key);

    const stored = readFileSync(file, 'utf8');
    expect(stored).not.toContain(key);
    const [record] = JSON.parse(stored).keys;
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{12}$/),
      tenant: 'acme',
      label: 'acme mobile backend',
      createdAt: expect.any(String),
      sha256: createHash('sha256').update(key).digest('hex'),
    });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(data.dir, 'keys')).mode & 0o777).toBe(0o700);
  });

  it('when two keys are created, then they differ and list shows both, with ids and tenants but never a key', () => {
    const second = run('create', '--tenant', 'globex');
    const key = second.lines[second.lines.length - 1];
    const listing = run('list');
    expect(listing.status).toBe(0);
    expect(listing.lines).toHaveLength(2);
    expect(listing.stdout).toMatch(/tenant=acme label="acme mobile backend" .* active/);
    expect(listing.stdout).toMatch(/tenant=globex .* active/);
    expect(listing.stdout).not.toContain(key);
    expect(listing.stdout).not.toContain('idk_');
  });

  it('when a key is revoked by id, then list says so; revoking it again or an unknown id fails with exit 1', () => {
    const id = JSON.parse(readFileSync(file, 'utf8')).keys[1].id;
    const revoked = run('revoke', id);
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toContain(`Revoked ${id}`);
    expect(run('list').stdout).toMatch(new RegExp(`${id} +tenant=globex .* revoked `));
    expect(run('revoke', id)).toMatchObject({ status: 1, stderr: expect.stringContaining('already revoked') });
    expect(run('revoke', 'nope')).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('no key has the id nope'),
    });
  });

  it('when the tenant name is not allowed, then exit 1 names the rule and nothing is written', () => {
    const before = readFileSync(file, 'utf8');
    const result = run('create', '--tenant', 'Acme Corp');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('tenant "Acme Corp" must be 1-63 lower-case letters');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });

  it('when webhook-secret is asked for a tenant, then it prints that tenant’s secret, the same each time, another for another tenant', () => {
    const acme = run('webhook-secret', '--tenant', 'acme');
    expect(acme.status).toBe(0);
    expect(acme.lines).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
    expect(run('webhook-secret', '--tenant', 'acme').lines).toEqual(acme.lines);
    expect(run('webhook-secret', '--tenant', 'globex').lines[0]).not.toBe(acme.lines[0]);
    // The master secret it derives from is generated once, private, in DATA_DIR.
    expect(statSync(join(data.dir, 'webhook-secret')).mode & 0o777).toBe(0o600);
    expect(run('webhook-secret').status).toBe(2);
  });

  it('when the command is incomplete or unknown, then exit 2 with the usage', () => {
    for (const args of [['create'], ['frobnicate'], [], ['create', '--tenant'], ['list', '--label', 'x']]) {
      const result = run(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('Usage:');
    }
  });
});

describe('npm run start:api with and without keys on a non-loopback HOST (the built API, run for real)', () => {
  let queue: SqsServer;
  const data = tempDataDir('api-start-auth');
  const started: ChildProcess[] = [];
  beforeAll(async () => {
    queue = await startSqsServer({ dataDir: join(data.dir, 'queue'), port: 0 });
  });
  afterAll(async () => {
    for (const child of started) child.kill('SIGKILL');
    await queue?.close();
    data.remove();
  });

  /** Starts the API and resolves when it exits or says it listens, with what it printed. */
  const startApi = async (dataDir: string, env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [API], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        HOST: '0.0.0.0',
        PORT: String(await freePort()),
        QUEUE_PORT: String(queue.port),
        // "API listening" is an info line of the app's logger (a JSON line here: stdout is a pipe).
        LOG_LEVEL: 'info',
        ...env,
      },
    });
    started.push(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    // Resolved on 'close', once both pipes are drained: stderr's warning and stdout's "API listening" arrive on two
    // streams, so the parent may read them in either order.
    let listened = false;
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      child.on('close', (code) => resolve({ code: listened ? null : code, stdout, stderr }));
      child.stdout.on('data', () => {
        if (!listened && stdout.includes('API listening')) {
          listened = true;
          child.kill('SIGTERM');
        }
      });
    });
  };

  it('when no key exists and AUTH is not none, then it refuses to listen and says how to fix it', async () => {
    const result = await startApi(join(data.dir, 'no-keys'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Refusing to listen on 0.0.0.0');
    expect(result.stderr).toContain('npm run api-key -- create --tenant NAME');
    expect(result.stdout).not.toContain('API listening');
  });

  it('when AUTH=none, then it listens open and warns at start-up', async () => {
    const result = await startApi(join(data.dir, 'open'), { AUTH: 'none' });
    expect(result.stdout).toContain('API listening');
    expect(result.stderr).toMatch(/WARNING: AUTH=none .* anyone who reaches 0\.0\.0\.0/);
  });

  it('when a key exists, then it listens without a warning', async () => {
    const dir = join(data.dir, 'with-key');
    expect(
      spawnSync(process.execPath, [API_KEY, 'create', '--tenant', 'acme'], {
        env: { PATH: process.env.PATH, DATA_DIR: dir },
      }).status,
    ).toBe(0);
    const result = await startApi(dir);
    expect(result.stdout).toContain('API listening');
    expect(result.stderr).not.toContain('WARNING');
  });
});
