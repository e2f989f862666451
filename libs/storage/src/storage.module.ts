import { DynamicModule, Module, Provider } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { FileObjectStorage } from './local/file-object-storage';
import { loadOrCreateUploadSecret } from './local/upload-secret';
import { OBJECT_STORAGE, ObjectStorage } from './object-storage.port';

export function createObjectStorage(config: AppConfig): ObjectStorage {
  if (config.storage.mode === 's3') throw new Error('S3 storage is not available in this build');
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
    return { module: StorageModule, global: true, providers: [storage], exports: [storage] };
  }
}
