import { PresignUploadRequest } from '../object-storage.port';

/**
 * S3 storage only: signs a browser form upload (multipart/form-data POST) whose policy makes the storage itself
 * refuse a body over the size cap, which a presigned PUT cannot. Provided by StorageModule in S3 mode; resolves to
 * null with self-hosted storage.
 */
export const PRESIGNED_POST_SIGNER = Symbol('PresignedPostSigner');

export interface PresignedPost {
  url: string;
  /** Form fields to send, in this order, before the `file` field. */
  fields: Record<string, string>;
  expiresAt: Date;
}

export interface PresignedPostSigner {
  presignPost(request: PresignUploadRequest): Promise<PresignedPost>;
}
