import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The HMAC secret for self-hosted upload URLs: UPLOAD_SECRET when set, otherwise one generated on first start and
 * kept under DATA_DIR, so URLs handed out before a restart stay valid after it.
 */
export function loadOrCreateUploadSecret(dataDir: string, configured?: string): string {
  return loadOrCreateSecret(dataDir, 'upload-secret', configured);
}

/**
 * A secret named `name` under DATA_DIR (0600): `configured` when given, else the one kept there, else a new random
 * one written there by the first process to get to it (the upload secret, the webhook signing secret).
 */
export function loadOrCreateSecret(dataDir: string, name: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, name);
  const existing = readSecret(file);
  if (existing !== undefined) return existing;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('hex');
  // Written whole under a private name, then linked into place: link() fails when the name exists, so the first
  // process wins, and no process can read the file half-written (an empty secret would let anyone sign uploads).
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, secret, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(draft, file);
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if (error.code === 'EEXIST') return readSecret(file) ?? secret;
    throw error;
  } finally {
    rmSync(draft, { force: true });
  }
}

/** The secret kept in `file`, undefined when there is none. An empty file is refused, never used as a key. */
function readSecret(file: string): string | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  }
  if (!content)
    throw new Error(
      `${file} is empty; delete it to have a new secret generated (what was signed with the old one stops verifying)`,
    );
  return content;
}
