import { createHash, randomBytes } from 'node:crypto';

/** What identifies a key in the file and in `list` / `revoke`: public, unlike the key itself. */
export interface ApiKeyInfo {
  id: string;
  tenant: string;
  label?: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Set once revoked; a revoked key is kept in the file so `list` can still say when and what it was. */
  revokedAt?: string;
}

/** A key as stored: only its SHA-256, never the key. */
export interface ApiKeyRecord extends ApiKeyInfo {
  sha256: string;
}

const KEY_PREFIX = 'idk_';

/**
 * A new key: 32 random bytes (256 bits), base64url, after a prefix that makes a leaked key easy to recognise in
 * logs and secret scanners. Its id is separate and random too, so no part of the key is ever stored or shown.
 */
export function generateApiKey(): { id: string; key: string } {
  return { id: randomBytes(6).toString('hex'), key: `${KEY_PREFIX}${randomBytes(32).toString('base64url')}` };
}

/**
 * SHA-256 of the key. A plain fast hash is enough here, unlike for passwords: a key has 256 bits of entropy, so
 * a stolen file cannot be turned back into keys by guessing, and a slow hash (bcrypt, scrypt) would only cost CPU
 * on every request. Lookup is by this digest, so comparing it leaks nothing about any stored key.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function publicInfo({ sha256: _hash, ...info }: ApiKeyRecord): ApiKeyInfo {
  return info;
}
