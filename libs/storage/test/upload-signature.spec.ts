import { describe, expect, it } from 'vitest';
import { checkUploadSignature, signUpload, UploadGrant } from '../src/local/upload-signature';

const SECRET = 'a-server-secret-of-at-least-32-characters';
const NOW = Date.UTC(2026, 10, 28, 21, 0, 0);
const grant: UploadGrant = {
  bucket: 'image-processing-uploads',
  key: 'uploads/2026/11/28/0b6e-car-damage.jpg',
  contentType: 'image/jpeg',
  maxBytes: 20 * 1024 * 1024,
  expires: NOW / 1000 + 900,
};
const signature = signUpload(grant, SECRET);

describe('upload signatures', () => {
  it('when the grant is unchanged and unexpired, then the signature is valid', () => {
    expect(checkUploadSignature(grant, signature, SECRET, NOW)).toBe('valid');
  });

  it('when a grant is signed, then the signature is 64 lower-case hex characters and stable', () => {
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    expect(signUpload({ ...grant }, SECRET)).toBe(signature);
  });

  it.each<[keyof UploadGrant, string | number]>([
    ['bucket', 'another-bucket'],
    ['key', 'uploads/2026/11/28/0b6e-other.jpg'],
    ['contentType', 'image/png'],
    ['maxBytes', 20 * 1024 * 1024 + 1],
    ['expires', NOW / 1000 + 3600],
  ])('when the %s is tampered with, then the check answers bad-signature', (field, value) => {
    expect(checkUploadSignature({ ...grant, [field]: value }, signature, SECRET, NOW)).toBe('bad-signature');
  });

  it('when fields are shifted across the separator, then the signature no longer matches', () => {
    // The canonical form joins with newlines; a key and content type must not be able to trade characters.
    const shifted = { ...grant, key: `${grant.key}\nimage`, contentType: 'jpeg' };
    expect(checkUploadSignature(shifted, signature, SECRET, NOW)).toBe('bad-signature');
  });

  it('when another secret is used, then the check answers bad-signature', () => {
    expect(checkUploadSignature(grant, signature, 'another-secret-of-at-least-32-characters', NOW)).toBe(
      'bad-signature',
    );
  });

  it('when the expiry time has passed, then the check answers expired', () => {
    expect(checkUploadSignature(grant, signature, SECRET, grant.expires * 1000 + 1)).toBe('expired');
  });

  it('when the check happens exactly at the expiry second, then the signature is still valid', () => {
    expect(checkUploadSignature(grant, signature, SECRET, grant.expires * 1000)).toBe('valid');
  });

  it('when an expired grant also carries a bad signature, then the check answers bad-signature (expiry is not revealed)', () => {
    expect(checkUploadSignature(grant, '0'.repeat(64), SECRET, grant.expires * 1000 + 1)).toBe('bad-signature');
  });

  it.each([
    ['empty', ''],
    ['one character short', signature.slice(1)],
    ['one character long', `${signature}0`],
    ['upper-case hex', signature.toUpperCase()],
    ['non-hex', 'z'.repeat(64)],
    ['base64 of the right bytes', Buffer.from(signature, 'hex').toString('base64')],
    ['the right hex with trailing space', `${signature} `],
    ['the right hex with a newline', `${signature}\n`],
    ['all zeros', '0'.repeat(64)],
  ])('when the signature is %s, then the check answers bad-signature', (_, given) => {
    expect(checkUploadSignature(grant, given, SECRET, NOW)).toBe('bad-signature');
  });
});
