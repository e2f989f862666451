// What apps and other libs use; tests reach adapters and helpers by relative path.
export * from './object-storage.port';
export * from './storage.errors';
export * from './storage.options';
export { parseS3Url, type S3Location } from './s3-url';
export * from './image-content-types';
export type { SignatureCheck, UploadGrant } from './local/upload-signature';
export * from './capabilities/upload-signature-verifier.port';
export * from './capabilities/presigned-post-signer.port';
export * from './capabilities/upload-retention.port';
export { createS3Client } from './s3/s3-client.factory';
export { StorageModule, type StorageModuleAsyncOptions } from './storage.module';
export * from './use-cases/upload-request';
export * from './use-cases/request-upload/request-upload.use-case';
export * from './use-cases/request-post-upload/request-post-upload.use-case';
export { loadOrCreateSecret } from './local/upload-secret';
