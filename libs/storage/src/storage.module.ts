import { DynamicModule, Module, Provider } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { FileObjectStorage } from './local/file-object-storage';
import { loadOrCreateUploadSecret } from './local/upload-secret';
import { OBJECT_STORAGE, ObjectStorage } from './object-storage.port';
import { UPLOAD_RETENTION } from './upload-retention.port';
import { createS3Client } from './s3/s3-client.factory';
import { S3ObjectStorage } from './s3/s3-object-storage';

export function createObjectStorage(config: AppConfig): ObjectStorage {
  if (config.storage.mode === 's3') return new S3ObjectStorage(createS3Client(config), config.storage.bucket);
  return new FileObjectStorage({
    rootDir: join(config.dataDir, 'objects'),
    bucket: config.storage.bucket,
    publicUrl: config.api.publicUrl,
    uploadSecret: loadOrCreateUploadSecret(config.dataDir, config.storage.uploadSecret),
  });
}

/** Binds OBJECT_STORAGE to the adapter the configuration selects. */
@Module({})
export class StorageModule {
  static forRoot(config: AppConfig): DynamicModule {
    const storage: Provider = { provide: OBJECT_STORAGE, useFactory: () => createObjectStorage(config) };
    // Files forget old uploads through the retention sweep; S3 through the bucket's lifecycle rule (null here).
    const retention: Provider = {
      provide: UPLOAD_RETENTION,
      useFactory: (objects: ObjectStorage) => (config.storage.mode === 'local' ? (objects as FileObjectStorage) : null),
      inject: [OBJECT_STORAGE],
    };
    return { module: StorageModule, global: true, providers: [storage, retention], exports: [storage, retention] };
  }
}
