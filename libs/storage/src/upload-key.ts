import { randomUUID } from 'node:crypto';
// The key prefixes are the bucket's (lifecycle rules, IAM scopes): one definition in @app/infrastructure.
import { UPLOADS_PREFIX } from '@app/infrastructure';

const UNSAFE = /[^A-Za-z0-9._-]+/g;
const MAX_NAME_LENGTH = 100;

/** Makes a filename safe to use inside a key: ASCII letters, digits, '.', '_' and '-' only, at most 100 characters. */
export function safeFilename(filename: string): string {
  const cleaned = filename
    .normalize('NFKD')
    .replace(UNSAFE, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+/, '');
  const trimmed = cleaned.slice(-MAX_NAME_LENGTH);
  return trimmed.length > 0 ? trimmed : 'upload';
}

/** `uploads/YYYY/MM/DD/<uuid>-<safe filename>`, dated in UTC so every region agrees on the prefix. */
export function buildUploadKey(filename: string, now: Date = new Date(), id: string = randomUUID()): string {
  const yyyy = now.getUTCFullYear();
  const mm = String(now.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(now.getUTCDate()).padStart(2, '0');
  return `${UPLOADS_PREFIX}${yyyy}/${mm}/${dd}/${id}-${safeFilename(filename)}`;
}
