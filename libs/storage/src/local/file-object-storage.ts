import { randomUUID } from 'node:crypto';
import { createWriteStream, statSync } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UploadRetention } from '../capabilities/upload-retention.port';
import { UploadSignatureVerifier } from '../capabilities/upload-signature-verifier.port';
import { ObjectInfo, ObjectStorage, PresignedUpload, PresignUploadRequest, WriteOptions } from '../object-storage.port';
import { ObjectExistsError, ObjectNotFoundError, ObjectTooLargeError } from '../storage.errors';
import { RESULTS_PREFIX, UPLOADS_PREFIX } from '@app/infrastructure';
import { checkUploadSignature, SignatureCheck, signUpload, UploadGrant } from './upload-signature';

/** DATA_DIR is private: folders only the service's user can enter, files only it can read (item 7 of issue 13). */
const PRIVATE_DIR = { recursive: true, mode: 0o700 } as const;
const PRIVATE_FILE = 0o600;

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
 * A write-once write (an upload) is linked into place instead: link() never replaces a file, so of two uploads
 * racing on one key exactly one wins.
 */
export class FileObjectStorage implements ObjectStorage, UploadSignatureVerifier, UploadRetention {
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
      // A declared size is the cap: the upload may not be larger than the client said.
      maxBytes: Math.min(request.maxBytes, request.size ?? Number.POSITIVE_INFINITY),
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

  async exists(key: string): Promise<boolean> {
    // One stat: the metadata file head reads as well is not needed to know that the object is there. A synchronous
    // one: a few µs on a just-uploaded file's cached inode, against ~20 µs of CPU for a round trip through libuv's
    // thread pool (measured), on every image of every submit.
    try {
      return statSync(this.dataPath(key)).isFile();
    } catch (error) {
      if (MISSING_CODES.has(error.code) || error instanceof ObjectNotFoundError) return false;
      throw error;
    }
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

  async write(key: string, body: Buffer | string | Readable, options: WriteOptions): Promise<void> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    // Refused before a byte is read; the link below still decides a race.
    if (options.ifAbsent && (await this.head(key))) throw new ObjectExistsError(this.bucket, key);
    const tmpDir = join(this.options.rootDir, '.tmp');
    await mkdir(tmpDir, PRIVATE_DIR);
    const tmpData = join(tmpDir, randomUUID());
    const tmpMeta = `${tmpData}.meta`;
    try {
      const source = typeof body === 'string' || Buffer.isBuffer(body) ? Readable.from([Buffer.from(body)]) : body;
      await pipeline(
        source,
        this.sizeCap(key, maxBytes),
        createWriteStream(tmpData, { flags: 'wx', mode: PRIVATE_FILE }),
      );
      await writeFile(tmpMeta, JSON.stringify({ contentType: options.contentType }), { mode: PRIVATE_FILE });
      await mkdir(dirname(this.dataPath(key)), PRIVATE_DIR);
      await mkdir(dirname(this.metaPath(key)), PRIVATE_DIR);
      if (options.ifAbsent) {
        await link(tmpData, this.dataPath(key)).catch((error) => {
          throw error.code === 'EEXIST' ? new ObjectExistsError(this.bucket, key) : error;
        });
        await rename(tmpMeta, this.metaPath(key));
      } else {
        await rename(tmpMeta, this.metaPath(key));
        await rename(tmpData, this.dataPath(key));
      }
    } finally {
      await rm(tmpData, { force: true });
      await rm(tmpMeta, { force: true });
    }
  }

  async deleteUploadsBefore(before: Date): Promise<number> {
    return this.deleteUnderBefore(UPLOADS_PREFIX, before);
  }

  async deleteResultsBefore(before: Date): Promise<number> {
    return this.deleteUnderBefore(RESULTS_PREFIX, before);
  }

  /** Deletes the objects under `prefix` last written before `before`, then the folders left empty. */
  private async deleteUnderBefore(prefix: string, before: Date): Promise<number> {
    const folder = join(this.options.rootDir, this.bucket, prefix);
    let entries;
    try {
      entries = await readdir(folder, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (error.code === 'ENOENT') return 0;
      throw error;
    }
    let deleted = 0;
    for (const entry of entries.filter((e) => e.isFile())) {
      const path = join(parentOf(entry), entry.name);
      const file = await stat(path).catch(() => null);
      if (!file || file.mtime >= before) continue;
      const key = prefix + relative(folder, path).split(sep).join('/');
      // The data file first: an object without its .meta file reads as having no content type, never the reverse.
      await rm(path, { force: true });
      await rm(this.metaPath(key), { force: true });
      deleted++;
    }
    // Folders left empty (uploads/YYYY/MM/DD, results/<tenant>/<job>) go too, deepest first; one in use is kept.
    const folders = entries.filter((e) => e.isDirectory()).map((e) => join(parentOf(e), e.name));
    for (const dir of folders.sort((a, b) => b.length - a.length)) await rmdir(dir).catch(() => undefined);
    return deleted;
  }

  async ping(): Promise<void> {
    await mkdir(join(this.options.rootDir, this.bucket), PRIVATE_DIR);
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

/** Node 20.12 renamed Dirent.path to parentPath; 20.10 and 20.11 have only the old name. */
function parentOf(entry: { parentPath?: string; path?: string }): string {
  return entry.parentPath ?? entry.path ?? '';
}
