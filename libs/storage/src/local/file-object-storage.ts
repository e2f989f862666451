import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadSignatureVerifier } from '../capabilities/upload-signature-verifier.port';
import { ObjectInfo, ObjectStorage, PresignedUpload, PresignUploadRequest } from '../object-storage.port';
import { ObjectNotFoundError, ObjectTooLargeError } from '../storage.errors';
import { checkUploadSignature, SignatureCheck, signUpload, UploadGrant } from './upload-signature';

const MISSING_CODES = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG', 'ERR_INVALID_ARG_VALUE']);

export interface FileObjectStorageOptions {
  rootDir: string;
  bucket: string;
  /** Base URL of the API that serves `PUT /storage/<bucket>/<key>` uploads. */
  publicUrl: string;
  uploadSecret: string;
}

/**
 * Objects as files under `<rootDir>/<bucket>/<key>`, with the content type beside them under `.meta/`.
 * Every write goes to a temporary file first and is renamed into place, so a crash never leaves half an object.
 */
export class FileObjectStorage implements ObjectStorage, UploadSignatureVerifier {
  readonly bucket: string;

  constructor(private readonly options: FileObjectStorageOptions) {
    this.bucket = options.bucket;
  }

  async presignUpload(request: PresignUploadRequest): Promise<PresignedUpload> {
    const expires = Math.floor(Date.now() / 1000) + request.expiresInSeconds;
    const grant: UploadGrant = {
      bucket: this.bucket,
      key: request.key,
      contentType: request.contentType,
      maxBytes: request.maxBytes,
      expires,
    };
    const query = new URLSearchParams({
      contentType: grant.contentType,
      maxBytes: String(grant.maxBytes),
      expires: String(expires),
      signature: signUpload(grant, this.options.uploadSecret),
    });
    const path = request.key.split('/').map(encodeURIComponent).join('/');
    return {
      url: `${this.options.publicUrl}/storage/${this.bucket}/${path}?${query}`,
      method: 'PUT',
      headers: { 'content-type': request.contentType },
      expiresAt: new Date(expires * 1000),
    };
  }

  /** Checks a signature this storage handed out: the same secret signs and verifies. */
  checkUploadSignature(grant: UploadGrant, signature: string): SignatureCheck {
    return checkUploadSignature(grant, signature, this.options.uploadSecret);
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const file = await stat(this.dataPath(key));
      // A folder holding other objects' files is not an object (S3 has no folders).
      if (!file.isFile()) return null;
      const meta = await readFile(this.metaPath(key), 'utf8').then(JSON.parse, () => ({}));
      return { size: file.size, contentType: meta.contentType };
    } catch (error) {
      // A key that would escape the bucket folder, or that no file could have (a NUL, a segment too long for the file
      // system), names no object: as missing, not a failure (e.g. `s3://b//etc/x`).
      if (MISSING_CODES.has(error.code) || error instanceof ObjectNotFoundError) return null;
      throw error;
    }
  }

  async read(key: string, { maxBytes }: { maxBytes: number }): Promise<Buffer> {
    const info = await this.head(key);
    if (!info) throw new ObjectNotFoundError(this.bucket, key);
    if (info.size > maxBytes) throw new ObjectTooLargeError(this.bucket, key, maxBytes);
    return readFile(this.dataPath(key));
  }

  async write(
    key: string,
    body: Buffer | string | Readable,
    options: { contentType: string; maxBytes?: number },
  ): Promise<void> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const tmpDir = join(this.options.rootDir, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpData = join(tmpDir, randomUUID());
    const tmpMeta = `${tmpData}.meta`;
    try {
      const source = typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body;
      await pipeline(source, this.sizeCap(key, maxBytes), createWriteStream(tmpData, { flags: 'wx' }));
      await writeFile(tmpMeta, JSON.stringify({ contentType: options.contentType }));
      await mkdir(dirname(this.dataPath(key)), { recursive: true });
      await mkdir(dirname(this.metaPath(key)), { recursive: true });
      await rename(tmpMeta, this.metaPath(key));
      await rename(tmpData, this.dataPath(key));
    } finally {
      await rm(tmpData, { force: true });
      await rm(tmpMeta, { force: true });
    }
  }

  async ping(): Promise<void> {
    await mkdir(join(this.options.rootDir, this.bucket), { recursive: true });
  }

  private sizeCap(key: string, maxBytes: number): Transform {
    let seen = 0;
    return new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        seen += chunk.length;
        if (seen > maxBytes) callback(new ObjectTooLargeError(this.bucket, key, maxBytes));
        else callback(null, chunk);
      },
    });
  }

  private dataPath(key: string): string {
    return this.inside(join(this.options.rootDir, this.bucket), key);
  }

  private metaPath(key: string): string {
    return this.inside(join(this.options.rootDir, '.meta', this.bucket), `${key}.json`);
  }

  /** Keys are validated upstream; this is the last guard against a key that would escape the bucket folder. */
  private inside(base: string, key: string): string {
    const path = resolve(base, key);
    if (!path.startsWith(resolve(base) + sep)) throw new ObjectNotFoundError(this.bucket, key);
    return path;
  }
}
