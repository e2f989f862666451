import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The HMAC secret for self-hosted upload URLs: UPLOAD_SECRET when set, otherwise one generated on first start and
 * kept under DATA_DIR, so URLs handed out before a restart stay valid after it.
 */
export function loadOrCreateUploadSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = join(dataDir, 'upload-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if (error.code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw error;
  }
}
