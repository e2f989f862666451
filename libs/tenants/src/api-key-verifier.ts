import { statSync } from 'node:fs';
import { ApiKeyInfo, hashApiKey, publicInfo } from './api-key';
import { ApiKeyFile } from './api-key-file';

interface Snapshot {
  /** inode, size and mtime: the atomic rename of every change gives the file a new inode, so no change is missed. */
  version: string;
  active: Map<string, ApiKeyInfo>;
}

/**
 * The API's view of API_KEYS_FILE. It checks the file's identity (one stat, microseconds) on every call and reads
 * it again only when it changed: a key created or revoked with `npm run api-key` counts from the next request,
 * without a restart. A file that cannot be read or parsed throws, so the API refuses requests rather than
 * serving them unauthenticated.
 */
export class ApiKeyVerifier {
  private readonly file: ApiKeyFile;
  private snapshot: Snapshot = { version: 'none', active: new Map() };

  constructor(path: string) {
    this.file = new ApiKeyFile(path);
  }

  get path(): string {
    return this.file.path;
  }

  /** Whether at least one key is active: then every protected route needs one. */
  hasKeys(): boolean {
    return this.current().active.size > 0;
  }

  /** The active key this secret is, or null. */
  verify(key: string): ApiKeyInfo | null {
    return this.current().active.get(hashApiKey(key)) ?? null;
  }

  private current(): Snapshot {
    const version = fileVersion(this.file.path);
    if (version !== this.snapshot.version) {
      const records = version === 'none' ? [] : this.file.read();
      const active = new Map(records.filter((r) => !r.revokedAt).map((r) => [r.sha256, publicInfo(r)]));
      this.snapshot = { version, active };
    }
    return this.snapshot;
  }
}

function fileVersion(path: string): string {
  // No file (the usual case of an API without keys) is an answer, not an exception: building the ENOENT error
  // with its stack cost ~20 µs on every request, several times the stat itself. Other errors still throw.
  const stats = statSync(path, { throwIfNoEntry: false });
  return stats ? `${stats.ino}:${stats.size}:${stats.mtimeMs}` : 'none';
}
