export * from './tenant-name';
export * from './api-key';
export * from './api-key-file';
export * from './api-key-verifier';
