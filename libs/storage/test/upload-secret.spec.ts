import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/support/test-env';
import { loadOrCreateUploadSecret } from '../src/local/upload-secret';

describe('upload secret', () => {
  let data: ReturnType<typeof tempDataDir>;
  beforeEach(() => {
    data = tempDataDir('upload-secret');
  });
  afterEach(() => data.remove());

  it('when a secret is configured, then it is used and no file is written', () => {
    const configured = 'configured-secret-of-at-least-32-chars';
    expect(loadOrCreateUploadSecret(data.dir, configured)).toBe(configured);
    expect(() => statSync(join(data.dir, 'upload-secret'))).toThrow(/ENOENT/);
  });

  it('when a secret is configured and a file exists, then the configured one wins', () => {
    writeFileSync(join(data.dir, 'upload-secret'), 'from-the-file');
    expect(loadOrCreateUploadSecret(data.dir, 'configured-secret-of-at-least-32-chars')).toBe(
      'configured-secret-of-at-least-32-chars',
    );
  });

  it('when none is configured, then one is generated: 32 random bytes in hex, kept in DATA_DIR/upload-secret', () => {
    const secret = loadOrCreateUploadSecret(data.dir);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(data.dir, 'upload-secret'), 'utf8')).toBe(secret);
  });

  it('when the secret was generated before (e.g. before a restart), then the same secret is used again', () => {
    const first = loadOrCreateUploadSecret(data.dir);
    expect(loadOrCreateUploadSecret(data.dir)).toBe(first);
    expect(loadOrCreateUploadSecret(data.dir, undefined)).toBe(first);
  });

  it('when two data dirs each generate a secret, then the secrets differ', () => {
    const other = tempDataDir('upload-secret-other');
    try {
      expect(loadOrCreateUploadSecret(other.dir)).not.toBe(loadOrCreateUploadSecret(data.dir));
    } finally {
      other.remove();
    }
  });

  it('when the secret file is written, then only its owner may read it (mode 0600)', () => {
    loadOrCreateUploadSecret(data.dir);
    expect(statSync(join(data.dir, 'upload-secret')).mode & 0o777).toBe(0o600);
  });

  it('when DATA_DIR does not exist yet, then it is created with the secret inside', () => {
    const dir = join(data.dir, 'not', 'yet');
    const secret = loadOrCreateUploadSecret(dir);
    expect(readFileSync(join(dir, 'upload-secret'), 'utf8')).toBe(secret);
  });

  it('when the file ends with a newline (edited by hand), then the secret is read without it', () => {
    writeFileSync(join(data.dir, 'upload-secret'), 'hand-written-secret-of-32-characters\n');
    expect(loadOrCreateUploadSecret(data.dir)).toBe('hand-written-secret-of-32-characters');
  });

  it('when the secret file is empty (e.g. cut short by a crash), then start-up is refused instead of signing with an empty key', () => {
    writeFileSync(join(data.dir, 'upload-secret'), '');
    expect(() => loadOrCreateUploadSecret(data.dir)).toThrow(/upload-secret is empty; delete it/);
  });

  it('when a secret is generated, then no draft file is left beside it', () => {
    loadOrCreateUploadSecret(data.dir);
    expect(readdirSync(data.dir)).toEqual(['upload-secret']);
  });
});
