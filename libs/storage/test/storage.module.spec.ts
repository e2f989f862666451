import { Test } from '@nestjs/testing';
import { S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { storageOptionsOf } from '@app/config';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { useMotoCredentials } from '../../../test/support/moto';
import { PRESIGNED_POST_SIGNER, PresignedPostSigner } from '../src/capabilities/presigned-post-signer.port';
import { UPLOAD_RETENTION, UploadRetention } from '../src/capabilities/upload-retention.port';
import { UPLOAD_SIGNATURE_VERIFIER, UploadSignatureVerifier } from '../src/capabilities/upload-signature-verifier.port';
import { OBJECT_STORAGE, ObjectStorage } from '../src/object-storage.port';
import { StorageModule } from '../src/storage.module';
import { StorageOptions, UPLOAD_LIMITS } from '../src/storage.options';

const data = tempDataDir('storage-module');
afterAll(() => data.remove());

const localOptions = (): StorageOptions => storageOptionsOf(testConfig({ DATA_DIR: data.dir, MAX_UPLOAD_BYTES: 1234 }));
const s3Options = (): StorageOptions =>
  storageOptionsOf(testConfig({ S3_BUCKET: 'module-bucket', AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:1' }));

async function bindings(module: ReturnType<typeof StorageModule.forRoot>) {
  const app = await Test.createTestingModule({ imports: [module] }).compile();
  return {
    app,
    storage: app.get<ObjectStorage>(OBJECT_STORAGE),
    verifier: app.get<UploadSignatureVerifier | null>(UPLOAD_SIGNATURE_VERIFIER),
    postSigner: app.get<PresignedPostSigner | null>(PRESIGNED_POST_SIGNER),
    limits: app.get(UPLOAD_LIMITS),
    retention: app.get<UploadRetention | null>(UPLOAD_RETENTION),
  };
}

describe('StorageModule', () => {
  it('when the storage is self-hosted, then uploads it signed verify, and there is no POST signer', async () => {
    const { app, storage, verifier, postSigner, limits, retention } = await bindings(
      StorageModule.forRoot(localOptions()),
    );
    const key = 'uploads/2026/11/28/x-cat.png';
    const upload = await storage.presignUpload({ key, contentType: 'image/png', maxBytes: 1234, expiresInSeconds: 60 });
    const query = new URL(upload.url).searchParams;
    const grant = {
      bucket: storage.bucket,
      key,
      contentType: 'image/png',
      maxBytes: 1234,
      expires: Number(query.get('expires')),
    };
    expect(verifier?.checkUploadSignature(grant, query.get('signature')!)).toBe('valid');
    expect(verifier?.checkUploadSignature({ ...grant, maxBytes: 99_999 }, query.get('signature')!)).toBe(
      'bad-signature',
    );
    expect(postSigner).toBeNull();
    expect(limits).toEqual({ maxUploadBytes: 1234, uploadUrlExpiresSeconds: 900, sizeRequired: false });
    // Self-hosted, the worker's sweep deletes old uploads: nothing is there yet.
    expect(await retention?.deleteUploadsBefore(new Date())).toBe(0);
    expect(await retention?.deleteResultsBefore(new Date())).toBe(0);
    await app.close();
  });

  it('when the storage is S3, then it signs POST policies, and there is no upload signature verifier', async () => {
    useMotoCredentials();
    const { app, storage, verifier, postSigner, limits, retention } = await bindings(
      StorageModule.forRoot(s3Options()),
    );
    expect(storage.bucket).toBe('module-bucket');
    expect(verifier).toBeNull();
    // The bucket's lifecycle rule expires uploads; a presigned PUT needs the declared size it signs.
    expect(retention).toBeNull();
    expect(limits.sizeRequired).toBe(true);
    const post = await postSigner!.presignPost({
      key: 'uploads/a.png',
      contentType: 'image/png',
      maxBytes: 10,
      expiresInSeconds: 60,
    });
    expect(JSON.parse(Buffer.from(post.fields.Policy, 'base64').toString()).conditions).toContainEqual([
      'content-length-range',
      1,
      10,
    ]);
    await app.close();
  });

  it('when the app shuts down, then the S3 adapter frees its client once (a lifecycle hook, not a duck-typed close)', async () => {
    useMotoCredentials();
    // Observes the real call (it still runs): a client's sockets cannot be watched otherwise.
    const destroy = vi.spyOn(S3Client.prototype, 'destroy');
    try {
      const { app } = await bindings(StorageModule.forRoot(s3Options()));
      expect(destroy).not.toHaveBeenCalled();
      await app.close();
      expect(destroy).toHaveBeenCalledTimes(1);
    } finally {
      destroy.mockRestore();
    }
  });

  it('when the options come from an injected factory (forRootAsync), then the same ports are bound', async () => {
    const module = StorageModule.forRootAsync({ useFactory: async () => localOptions() });
    const { app, storage, verifier, postSigner } = await bindings(module);
    expect(storage.bucket).toBe('image-processing-uploads');
    expect(verifier).not.toBeNull();
    expect(postSigner).toBeNull();
    await app.close();
  });
});
