import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import {
  incompleteSignature,
  invalidClientTokenId,
  missingAuthenticationToken,
  requestExpired,
  signatureDoesNotMatch,
} from '../errors/errors';
import type { QueueScope } from '../queues/queue-scope';
import { Sha256 } from './sha256';

export interface AccessKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The parts of a request that SigV4 signs. */
export interface SignedRequest {
  method: string;
  path: string;
  /** The raw query string, without `?`. */
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  /** Presigned (query) authorization: how long the signature holds, in seconds. */
  expires?: number;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTH_HEADER = /^AWS4-HMAC-SHA256 (.+)$/;
const QUERY_AUTH = ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-SignedHeaders'];

/**
 * Who sent a request, from its SigV4 credential scope: the account (a 12-digit access key id is the account id, as
 * on LocalStack, so tests can act as two accounts) and the region. With an access key configured, the signature is
 * also checked: the request is signed again with @smithy/signature-v4 (what the JS SDK signs with) over exactly the
 * headers the client signed, and the two signatures are compared in constant time.
 */
export class RequestAuthenticator {
  private readonly signers = new Map<string, SignatureV4>();

  constructor(
    private readonly defaults: QueueScope,
    private readonly key?: AccessKey,
    private readonly now: () => number = Date.now,
  ) {}

  async identify(request: SignedRequest): Promise<QueueScope> {
    const params = new URLSearchParams(request.query);
    const auth = this.key ? readAuthorization(request.headers, params) : lenientAuthorization(request.headers, params);
    if (this.key) await this.verify(request, params, auth as Authorization);
    if (!auth) return this.defaults;
    return {
      accountId: /^\d{12}$/.test(auth.accessKeyId) ? auth.accessKeyId : this.defaults.accountId,
      region: /^[a-z]{2}(-[a-z]+)+-\d+$/.test(auth.region) ? auth.region : this.defaults.region,
    };
  }

  private async verify(request: SignedRequest, params: URLSearchParams, auth: Authorization): Promise<void> {
    const key = this.key as AccessKey;
    if (!safeEqual(auth.accessKeyId, key.accessKeyId)) throw invalidClientTokenId();
    const signedAt = parseAmzDate(auth.date);
    if (signedAt === undefined)
      throw incompleteSignature(`X-Amz-Date ${auth.date} is not a date like 20250101T000000Z.`);
    const now = this.now();
    if (auth.expires === undefined) {
      if (Math.abs(now - signedAt) > MAX_SKEW_MS)
        throw requestExpired(`signed at ${auth.date}, more than 15 minutes from the server's clock.`);
    } else if (now > signedAt + auth.expires * 1000 || signedAt - now > MAX_SKEW_MS) {
      throw requestExpired(`the presigned request was valid for ${auth.expires} seconds from ${auth.date}.`);
    }
    const declaredHash = request.headers['x-amz-content-sha256'];
    if (declaredHash !== undefined && declaredHash !== createHash('sha256').update(request.body).digest('hex'))
      throw signatureDoesNotMatch();
    const expected = await this.sign(request, params, auth, signedAt);
    if (!safeEqual(expected, auth.signature)) throw signatureDoesNotMatch();
  }

  private async sign(request: SignedRequest, params: URLSearchParams, auth: Authorization, signedAt: number) {
    const headers: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const value = request.headers[name];
      if (value === undefined) throw signatureDoesNotMatch();
      headers[name] = Array.isArray(value) ? value.join(',') : value;
    }
    const query: Record<string, string | string[]> = {};
    for (const [name, value] of params) {
      if (auth.expires !== undefined && (name === 'X-Amz-Signature' || QUERY_AUTH.includes(name))) continue;
      const seen = query[name];
      query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
    }
    const httpRequest = {
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path: request.path,
      query,
      headers,
      body: request.body,
    };
    const options = {
      signingDate: new Date(signedAt),
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: new Set(auth.signedHeaders),
    };
    const signer = this.signerFor(auth.service);
    if (auth.expires === undefined) {
      const signed = await signer.sign(httpRequest, options);
      return /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization ?? ''))?.[1] ?? '';
    }
    const presigned = await signer.presign(httpRequest, { ...options, expiresIn: auth.expires });
    return String(presigned.query?.['X-Amz-Signature'] ?? '');
  }

  private signerFor(service: string): SignatureV4 {
    let signer = this.signers.get(service);
    if (!signer) {
      const { accessKeyId, secretAccessKey } = this.key as AccessKey;
      signer = new SignatureV4({
        credentials: { accessKeyId, secretAccessKey },
        region: this.defaults.region,
        service,
        sha256: Sha256,
        // Add no x-amz-content-sha256 of our own: sign exactly the headers the client signed.
        applyChecksum: false,
      });
      this.signers.set(service, signer);
    }
    return signer;
  }
}

/** The Authorization header or the presigned query parameters, strictly: anything missing is an error. */
function readAuthorization(headers: IncomingHttpHeaders, params: URLSearchParams): Authorization {
  const header = headers.authorization;
  if (header !== undefined) {
    const match = AUTH_HEADER.exec(header);
    if (!match) throw incompleteSignature('the Authorization header must start with AWS4-HMAC-SHA256.');
    const fields = new Map<string, string>();
    for (const part of match[1].split(',')) {
      const at = part.indexOf('=');
      if (at > 0) fields.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
    for (const name of ['Credential', 'SignedHeaders', 'Signature'])
      if (!fields.get(name)) throw incompleteSignature(`the Authorization header requires a '${name}' parameter.`);
    const date = headers['x-amz-date'];
    if (typeof date !== 'string') throw incompleteSignature("the request requires an 'X-Amz-Date' header.");
    return {
      ...readCredential(fields.get('Credential') as string, date),
      date,
      signedHeaders: readSignedHeaders(fields.get('SignedHeaders') as string),
      signature: fields.get('Signature') as string,
    };
  }
  if (!params.has('X-Amz-Signature')) throw missingAuthenticationToken();
  for (const name of QUERY_AUTH)
    if (!params.get(name)) throw incompleteSignature(`the presigned request requires the '${name}' parameter.`);
  if (params.get('X-Amz-Algorithm') !== 'AWS4-HMAC-SHA256')
    throw incompleteSignature('X-Amz-Algorithm must be AWS4-HMAC-SHA256.');
  const expires = Number(params.get('X-Amz-Expires'));
  if (!Number.isInteger(expires) || expires < 1 || expires > 604800)
    throw incompleteSignature('X-Amz-Expires must be from 1 to 604800 seconds.');
  const date = params.get('X-Amz-Date') as string;
  return {
    ...readCredential(params.get('X-Amz-Credential') as string, date),
    date,
    signedHeaders: readSignedHeaders(params.get('X-Amz-SignedHeaders') as string),
    signature: params.get('X-Amz-Signature') as string,
    expires,
  };
}

/** Without a key to check against, the credential scope only says who and where; unreadable ones are ignored. */
function lenientAuthorization(headers: IncomingHttpHeaders, params: URLSearchParams): Authorization | undefined {
  try {
    return readAuthorization(headers, params);
  } catch {
    return undefined;
  }
}

/** `AKID/20250101/us-east-1/sqs/aws4_request` */
function readCredential(credential: string, date: string) {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !parts[0])
    throw incompleteSignature('the Credential must be <access key id>/<date>/<region>/<service>/aws4_request.');
  if (parts[1] !== date.slice(0, 8))
    throw incompleteSignature(`the credential date ${parts[1]} is not the date of X-Amz-Date.`);
  return { accessKeyId: parts[0], region: parts[2], service: parts[3] };
}

function readSignedHeaders(list: string): string[] {
  const names = list.split(';').map((name) => name.trim().toLowerCase());
  if (!names.includes('host')) throw incompleteSignature('SignedHeaders must include host.');
  return names;
}

/** `20250101T120000Z` -> epoch milliseconds. */
function parseAmzDate(text: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
