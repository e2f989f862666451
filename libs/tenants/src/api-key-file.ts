import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { ApiKeyInfo, ApiKeyRecord, generateApiKey, hashApiKey, publicInfo } from './api-key';
import { tenantNameProblem } from './tenant-name';

interface FileContent {
  version: 1;
  keys: ApiKeyRecord[];
}

/** A problem with the file or a request on it, in words for the operator. */
export class ApiKeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiKeyFileError';
  }
}

const LOCK_WAIT_MS = 5_000;
/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 30_000;

/**
 * The self-hosted API keys: a JSON file (API_KEYS_FILE) holding, per key, its id, tenant, label, creation time
 * and SHA-256, never the key. Every change rewrites the whole file atomically (a 0600 temp file, fsynced, renamed
 * over the old one) under a lock file, so two `api-key` commands at once cannot lose a key and the API never reads
 * half a file.
 */
export class ApiKeyFile {
  constructor(readonly path: string) {}

  /** Every key, active or revoked, oldest first. A missing file holds no keys. */
  read(): ApiKeyRecord[] {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if (error.code === 'ENOENT') return [];
      throw error;
    }
    return parse(text, this.path);
  }

  list(): ApiKeyInfo[] {
    return this.read().map(publicInfo);
  }

  /** Stores a new key for the tenant and returns it: the only time the key itself exists outside its owner. */
  create(input: { tenant: string; label?: string }, now = new Date()): { key: string; info: ApiKeyInfo } {
    const problem = tenantNameProblem(input.tenant);
    if (problem) throw new ApiKeyFileError(problem);
    if (input.label !== undefined && (input.label.length > 200 || /\p{Cc}/u.test(input.label)))
      throw new ApiKeyFileError('label must be at most 200 characters, without control characters');
    const { id, key } = generateApiKey();
    const record: ApiKeyRecord = {
      id,
      tenant: input.tenant,
      ...(input.label !== undefined && { label: input.label }),
      createdAt: now.toISOString(),
      sha256: hashApiKey(key),
    };
    this.update((keys) => [...keys, record]);
    return { key, info: publicInfo(record) };
  }

  /** Marks the key revoked; the API refuses it from its next request on. */
  revoke(id: string, now = new Date()): ApiKeyInfo {
    let revoked: ApiKeyRecord | undefined;
    this.update((keys) =>
      keys.map((record) => {
        if (record.id !== id) return record;
        if (record.revokedAt) throw new ApiKeyFileError(`key ${id} was already revoked at ${record.revokedAt}`);
        revoked = { ...record, revokedAt: now.toISOString() };
        return revoked;
      }),
    );
    if (!revoked) throw new ApiKeyFileError(`no key has the id ${id} (see: npm run api-key -- list)`);
    return publicInfo(revoked);
  }

  private update(change: (keys: ApiKeyRecord[]) => ApiKeyRecord[]): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o700 });
    const release = this.lock();
    try {
      const content: FileContent = { version: 1, keys: change(this.read()) };
      this.writeAtomically(`${JSON.stringify(content, null, 2)}\n`);
    } finally {
      release();
    }
  }

  private writeAtomically(text: string): void {
    const temp = join(dirname(this.path), `.${process.pid}-${Date.now()}.api-keys.tmp`);
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, this.path);
    // The rename itself must survive a power cut too.
    const dir = openSync(dirname(this.path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  private lock(): () => void {
    const lockPath = `${this.path}.lock`;
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      try {
        closeSync(openSync(lockPath, 'wx', 0o600));
        return () => rmSync(lockPath, { force: true });
      } catch (error) {
        if (error.code !== 'EEXIST') throw error;
        if (Date.now() - lockAge(lockPath) > STALE_LOCK_MS) rmSync(lockPath, { force: true });
        else if (Date.now() > deadline)
          throw new ApiKeyFileError(`${lockPath} is held by another api-key command; try again`);
        else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      }
    }
  }
}

function lockAge(lockPath: string): number {
  try {
    return statSync(lockPath).mtimeMs;
  } catch {
    return Date.now();
  }
}

function parse(text: string, path: string): ApiKeyRecord[] {
  let content: Partial<FileContent>;
  try {
    content = JSON.parse(text);
  } catch {
    throw new ApiKeyFileError(`${path} is not valid JSON; restore it or remove it and create the keys again`);
  }
  const valid =
    content?.version === 1 &&
    Array.isArray(content.keys) &&
    content.keys.every(
      (k) =>
        typeof k?.id === 'string' &&
        typeof k.tenant === 'string' &&
        typeof k.createdAt === 'string' &&
        typeof k.sha256 === 'string' &&
        /^[0-9a-f]{64}$/.test(k.sha256),
    );
  if (!valid) throw new ApiKeyFileError(`${path} is not an API key file (version 1); restore it or remove it`);
  return content.keys!;
}
