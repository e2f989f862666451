import { DynamicModule, FactoryProvider, Module, ModuleMetadata, Provider } from '@nestjs/common';
import { join } from 'node:path';
import { PRESIGNED_POST_SIGNER, PresignedPostSigner } from './capabilities/presigned-post-signer.port';
import { UPLOAD_RETENTION, UploadRetention } from './capabilities/upload-retention.port';
import { UPLOAD_SIGNATURE_VERIFIER, UploadSignatureVerifier } from './capabilities/upload-signature-verifier.port';
import { FileObjectStorage } from './local/file-object-storage';
import { loadOrCreateUploadSecret } from './local/upload-secret';
import { OBJECT_STORAGE } from './object-storage.port';
import { createS3Client } from './s3/s3-client.factory';
import { S3ObjectStorage } from './s3/s3-object-storage';
import { StorageOptions, UPLOAD_LIMITS, UploadLimits } from './storage.options';

type Adapter = FileObjectStorage | S3ObjectStorage;

/** The adapter `options.mode` selects. */
export function createObjectStorage(options: StorageOptions): Adapter {
  if (options.mode === 's3') return new S3ObjectStorage(createS3Client(options.s3), options.bucket);
  return new FileObjectStorage({
    rootDir: join(options.dataDir, 'objects'),
    bucket: options.bucket,
    publicUrl: options.publicUrl,
    uploadSecret: loadOrCreateUploadSecret(options.dataDir, options.uploadSecret),
  });
}

const STORAGE_OPTIONS = Symbol('StorageOptions');
/** The one adapter instance; the ports below are views of it, so Nest shuts it down once. */
const STORAGE_ADAPTER = Symbol('StorageAdapter');

export interface StorageModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  useFactory: (...args: never[]) => StorageOptions | Promise<StorageOptions>;
  inject?: FactoryProvider['inject'];
}

const EXPORTS = [OBJECT_STORAGE, UPLOAD_SIGNATURE_VERIFIER, PRESIGNED_POST_SIGNER, UPLOAD_RETENTION, UPLOAD_LIMITS];

/**
 * Binds OBJECT_STORAGE to the adapter the options select, and the capabilities only one adapter has:
 * UPLOAD_SIGNATURE_VERIFIER (files) and PRESIGNED_POST_SIGNER (S3); the other one resolves to null.
 * UPLOAD_LIMITS carries the size cap and lifetime of uploads to the upload use cases.
 */
@Module({})
export class StorageModule {
  static forRoot(options: StorageOptions): DynamicModule {
    return StorageModule.build([{ provide: STORAGE_OPTIONS, useValue: options }]);
  }

  static forRootAsync(options: StorageModuleAsyncOptions): DynamicModule {
    const provider: Provider = { provide: STORAGE_OPTIONS, useFactory: options.useFactory, inject: options.inject };
    return { ...StorageModule.build([provider]), imports: options.imports ?? [] };
  }

  private static build(optionsProviders: Provider[]): DynamicModule {
    const providers: Provider[] = [
      ...optionsProviders,
      { provide: STORAGE_ADAPTER, useFactory: createObjectStorage, inject: [STORAGE_OPTIONS] },
      { provide: OBJECT_STORAGE, useExisting: STORAGE_ADAPTER },
      // Views of the adapter rather than the adapter again, which Nest would shut down once per provider.
      {
        provide: UPLOAD_SIGNATURE_VERIFIER,
        useFactory: (adapter: Adapter): UploadSignatureVerifier | null =>
          adapter instanceof FileObjectStorage
            ? { checkUploadSignature: (grant, signature) => adapter.checkUploadSignature(grant, signature) }
            : null,
        inject: [STORAGE_ADAPTER],
      },
      {
        provide: PRESIGNED_POST_SIGNER,
        useFactory: (adapter: Adapter): PresignedPostSigner | null =>
          adapter instanceof S3ObjectStorage ? { presignPost: (request) => adapter.presignPost(request) } : null,
        inject: [STORAGE_ADAPTER],
      },
      {
        provide: UPLOAD_RETENTION,
        useFactory: (adapter: Adapter): UploadRetention | null =>
          adapter instanceof FileObjectStorage
            ? {
                deleteUploadsBefore: (before) => adapter.deleteUploadsBefore(before),
                deleteResultsBefore: (before) => adapter.deleteResultsBefore(before),
              }
            : null,
        inject: [STORAGE_ADAPTER],
      },
      {
        provide: UPLOAD_LIMITS,
        useFactory: ({ maxUploadBytes, uploadUrlExpiresSeconds, mode }: StorageOptions): UploadLimits => ({
          maxUploadBytes,
          uploadUrlExpiresSeconds,
          // S3 caps a presigned PUT only by a signed Content-Length: the client must declare the size.
          sizeRequired: mode === 's3',
        }),
        inject: [STORAGE_OPTIONS],
      },
    ];
    return { module: StorageModule, global: true, providers, exports: EXPORTS };
  }
}
