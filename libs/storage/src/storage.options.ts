/** Where the S3 client goes and how it addresses objects. */
export interface S3ClientOptions {
  region: string;
  /** undefined: the SDK's own resolution (AWS_ENDPOINT_URL_S3, region). */
  endpoint?: string;
  forcePathStyle: boolean;
}

/** The size cap and lifetime of every presigned upload, what the upload use cases need. */
export interface UploadLimits {
  maxUploadBytes: number;
  uploadUrlExpiresSeconds: number;
  /** A presigned PUT needs the client's declared size (S3 signs it as Content-Length). Set by StorageModule. */
  sizeRequired?: boolean;
}

interface CommonStorageOptions extends Omit<UploadLimits, 'sizeRequired'> {
  bucket: string;
}

/** Files under `<dataDir>/objects`, uploads signed with a secret kept in `<dataDir>/upload-secret` unless given. */
export interface LocalStorageOptions extends CommonStorageOptions {
  mode: 'local';
  dataDir: string;
  /** Base URL of the API that serves `PUT /storage/<bucket>/<key>` uploads. */
  publicUrl: string;
  uploadSecret?: string;
}

export interface S3StorageOptions extends CommonStorageOptions {
  mode: 's3';
  s3: S3ClientOptions;
}

/** StorageModule's own options: the adapter is chosen by `mode`. */
export type StorageOptions = LocalStorageOptions | S3StorageOptions;

export const UPLOAD_LIMITS = Symbol('UploadLimits');
