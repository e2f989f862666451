import { FieldProblem } from '@app/core';
import { UPLOADS_PREFIX } from '@app/infrastructure';

/** S3's limit on a key; also keeps a key far from what any file system or log line should be handed. */
const MAX_KEY_BYTES = 1024;
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * Why a key cannot name an uploaded image, or null if it can. Presigned uploads only ever write under `uploads/`,
 * so a job may not point the worker at any other object of the bucket; and a key no upload could have produced
 * (control characters, over 1024 bytes) is refused here rather than handed to storage.
 */
export function imageKeyProblem(field: string, key: string): FieldProblem | null {
  if (!key.startsWith(UPLOADS_PREFIX))
    return { field, rule: 'uploadsPrefix', message: `the key must start with "${UPLOADS_PREFIX}"` };
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES)
    return { field, rule: 'key', message: `the key must be at most ${MAX_KEY_BYTES} bytes` };
  if (CONTROL_CHARACTER.test(key))
    return { field, rule: 'key', message: 'the key must not contain control characters' };
  return null;
}
