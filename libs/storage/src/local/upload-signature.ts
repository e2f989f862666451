import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a self-hosted upload URL is bound to. */
export interface UploadGrant {
  bucket: string;
  key: string;
  contentType: string;
  maxBytes: number;
  /** Unix time in seconds after which the URL is refused. */
  expires: number;
}

export type SignatureCheck = 'valid' | 'bad-signature' | 'expired';

function canonical(grant: UploadGrant): string {
  return ['PUT', grant.bucket, grant.key, grant.contentType, grant.maxBytes, grant.expires].join('\n');
}

export function signUpload(grant: UploadGrant, secret: string): string {
  return createHmac('sha256', secret).update(canonical(grant)).digest('hex');
}

/** Constant-time check of a signature; expiry is checked only for a genuine signature, so it leaks nothing. */
export function checkUploadSignature(
  grant: UploadGrant,
  signature: string,
  secret: string,
  now = Date.now(),
): SignatureCheck {
  const expected = Buffer.from(signUpload(grant, secret), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(signature) ? signature : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  return grant.expires * 1000 < now ? 'expired' : 'valid';
}
