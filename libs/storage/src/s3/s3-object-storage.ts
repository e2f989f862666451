import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { OnApplicationShutdown } from '@nestjs/common';
import { Readable } from 'node:stream';
import { PresignedPost, PresignedPostSigner } from '../capabilities/presigned-post-signer.port';
import { ObjectInfo, ObjectStorage, PresignedUpload, PresignUploadRequest, WriteOptions } from '../object-storage.port';
import { ObjectExistsError, ObjectNotFoundError, ObjectTooLargeError } from '../storage.errors';
import { collectCapped } from './collect-capped';
import { isMissingKeyOnGet, isMissingOnHead } from './s3-errors';

/**
 * Object storage on S3 or anything that speaks its API (MinIO, Ceph, moto). It owns its client: Nest closes it at
 * shutdown.
 */
export class S3ObjectStorage implements ObjectStorage, PresignedPostSigner, OnApplicationShutdown {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  async presignUpload(request: PresignUploadRequest): Promise<PresignedUpload> {
    const expiresAt = this.expiry(request);
    if (request.size === undefined || request.size > request.maxBytes) {
      throw new RangeError(`a presigned S3 PUT needs a declared size of 1 to ${request.maxBytes} bytes`);
    }
    const command = new PutObjectCommand({
      Bucket: this.bucket,
      Key: request.key,
      ContentType: request.contentType,
      ContentLength: request.size,
      IfNoneMatch: '*',
    });
    // Signed headers: another content type, another length (S3's only size cap on a PUT), or a missing
    // If-None-Match (S3 refuses a second write to the key with 412) fails the signature check.
    const url = await getSignedUrl(this.s3, command, {
      expiresIn: request.expiresInSeconds,
      signableHeaders: new Set(['content-type', 'content-length', 'if-none-match']),
    });
    // Content-Length is the body's own length (browsers set it and forbid setting it): not a header to copy.
    return { url, method: 'PUT', headers: { 'content-type': request.contentType, 'if-none-match': '*' }, expiresAt };
  }

  async presignPost(request: PresignUploadRequest): Promise<PresignedPost> {
    const expiresAt = this.expiry(request);
    const { url, fields } = await createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: request.key,
      Fields: { 'Content-Type': request.contentType },
      Conditions: [
        ['content-length-range', 1, request.maxBytes],
        ['eq', '$Content-Type', request.contentType],
      ],
      Expires: request.expiresInSeconds,
    });
    return { url, fields, expiresAt };
  }

  async head(key: string): Promise<ObjectInfo | null> {
    try {
      const head = await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: head.ContentLength ?? 0, contentType: head.ContentType };
    } catch (error) {
      if (isMissingOnHead(error)) return null;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    // S3 has nothing cheaper than a HEAD; the submit path sends those of a job's images at once.
    return (await this.head(key)) !== null;
  }

  async read(key: string, { maxBytes }: { maxBytes: number }): Promise<Buffer> {
    const tooLarge = () => new ObjectTooLargeError(this.bucket, key, maxBytes);
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })).catch((error) => {
      throw isMissingKeyOnGet(error) ? new ObjectNotFoundError(this.bucket, key) : error;
    });
    const body = object.Body as Readable;
    if ((object.ContentLength ?? 0) > maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    // ContentLength can be absent (chunked answers from some S3-compatible servers): count while streaming too.
    return collectCapped(body, maxBytes, tooLarge);
  }

  async write(key: string, body: Buffer | string | Readable, options: WriteOptions): Promise<void> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
    const tooLarge = () => new ObjectTooLargeError(this.bucket, key, maxBytes);
    // PutObject needs the length up front; our objects (images, results) are small enough to hold in memory.
    const bytes = body instanceof Readable ? await collectCapped(body, maxBytes, tooLarge) : Buffer.from(body);
    if (bytes.length > maxBytes) throw tooLarge();
    await this.s3
      .send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: bytes,
          ContentType: options.contentType,
          ...(options.ifAbsent && { IfNoneMatch: '*' }),
        }),
      )
      .catch((error) => {
        // 412 when the key exists; 409 when another conditional write to it is in flight.
        const conflict = ['PreconditionFailed', 'ConditionalRequestConflict'].includes(error.name);
        throw options.ifAbsent && conflict ? new ObjectExistsError(this.bucket, key) : error;
      });
  }

  async ping(): Promise<void> {
    await this.s3.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  /** Frees the client's sockets. */
  onApplicationShutdown(): void {
    this.s3.destroy();
  }

  /** Taken before signing, so it is never later than the expiry the signature carries. */
  private expiry(request: PresignUploadRequest): Date {
    return new Date(Date.now() + request.expiresInSeconds * 1000);
  }
}
