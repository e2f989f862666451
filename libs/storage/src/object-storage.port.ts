import { Readable } from 'node:stream';

export const OBJECT_STORAGE = Symbol('ObjectStorage');

export interface PresignUploadRequest {
  key: string;
  contentType: string;
  /** Largest body the URL accepts. Readers enforce it again. */
  maxBytes: number;
  /**
   * The exact body size the client declared. S3 signs it as Content-Length (its only way to cap a presigned PUT),
   * so it is required there; self-hosted URLs take it as their cap.
   */
  size?: number;
  expiresInSeconds: number;
}

export interface PresignedUpload {
  url: string;
  method: 'PUT';
  /** Headers the client must send with the upload, exactly as given. */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface WriteOptions {
  contentType: string;
  maxBytes?: number;
  ifAbsent?: boolean;
}

export interface ObjectInfo {
  size: number;
  contentType?: string;
}

/**
 * Object storage as the service uses it: S3 in AWS mode, files under DATA_DIR self-hosted. What only one of them
 * can do is a port of its own: UPLOAD_SIGNATURE_VERIFIER (files), PRESIGNED_POST_SIGNER (S3).
 */
export interface ObjectStorage {
  readonly bucket: string;
  presignUpload(request: PresignUploadRequest): Promise<PresignedUpload>;
  /** Metadata of an object, or null when it does not exist. */
  head(key: string): Promise<ObjectInfo | null>;
  /** Whether an object exists: head without its metadata, for the submit path's check of every image (one stat, one HEAD). */
  exists(key: string): Promise<boolean>;
  /** The whole object; ObjectNotFoundError when missing, ObjectTooLargeError past maxBytes (nothing more is read). */
  read(key: string, options: { maxBytes: number }): Promise<Buffer>;
  /** ifAbsent: write once; when the key already holds an object, ObjectExistsError and the object is unchanged. */
  write(key: string, body: Buffer | string | Readable, options: WriteOptions): Promise<void>;
  /** Resolves when the storage answers; used by health checks. */
  ping(): Promise<void>;
}
