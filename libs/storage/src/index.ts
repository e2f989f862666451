export * from './object-storage.port';
export * from './storage.errors';
export * from './s3-url';
export * from './upload-key';
export * from './local/file-object-storage';
export * from './local/upload-signature';
export * from './local/upload-secret';
export * from './storage.module';
