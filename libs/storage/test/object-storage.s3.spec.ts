import { CreateBucketCommand, DeleteBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageOptionsOf } from '@app/config';
import { ObjectTooLargeError } from '@app/storage';
import { S3ObjectStorage } from '../src/s3/s3-object-storage';
import { createObjectStorage } from '../src/storage.module';
import { collectCapped } from '../src/s3/collect-capped';
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  MotoServer,
  startFlakyProxy,
  startMoto,
  useMotoCredentials,
} from '../../../test/support/moto';
import { testConfig } from '../../../test/support/test-env';
import { describeObjectStorageContract } from './object-storage.contract';

let moto: MotoServer;
let s3: S3Client;
const BUCKET = 'contract-uploads';

beforeAll(async () => {
  useMotoCredentials();
  moto = await startMoto();
  s3 = new S3Client({
    region: MOTO_REGION,
    endpoint: moto.endpoint,
    forcePathStyle: true,
    credentials: MOTO_CREDENTIALS,
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3?.destroy();
  await moto?.close();
});

/** The adapter StorageModule would build from this environment. */
function s3Storage(bucket = BUCKET, endpoint = moto.endpoint): S3ObjectStorage {
  const env = { S3_BUCKET: bucket, S3_FORCE_PATH_STYLE: 'true', AWS_ENDPOINT_URL_S3: endpoint };
  return createObjectStorage(storageOptionsOf(testConfig(env))) as S3ObjectStorage;
}

describeObjectStorageContract('S3 on moto', async () => ({
  storage: s3Storage(),
  close: async () => {},
}));

describe('S3ObjectStorage specifics', () => {
  let storage: S3ObjectStorage;
  beforeAll(() => {
    storage = s3Storage();
  });

  it('when a PUT is presigned, then the URL carries no checksum parameter and signs the content type, length and If-None-Match', async () => {
    const { url, headers } = await storage.presignUpload({
      key: 'uploads/x/cat.png',
      contentType: 'image/png',
      maxBytes: 100,
      expiresInSeconds: 300,
      size: 9,
    });
    expect(headers).toEqual({ 'content-type': 'image/png', 'if-none-match': '*' });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'if-none-match']),
    );
    const params = [...new URL(url).searchParams.keys()].map((name) => name.toLowerCase());
    expect(
      params.filter((name) => name.startsWith('x-amz-checksum') || name === 'x-amz-sdk-checksum-algorithm'),
    ).toEqual([]);
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toContain('content-type');
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('300');
  });

  it('when the client PUTs to the presigned URL with its headers, then the object is stored with that type', async () => {
    const key = 'uploads/2026/11/28/put-cat.png';
    const upload = await storage.presignUpload({
      key,
      contentType: 'image/png',
      maxBytes: 100,
      expiresInSeconds: 300,
      size: 9,
    });
    const response = await fetch(upload.url, {
      method: upload.method,
      headers: upload.headers,
      body: Buffer.from('png bytes'),
    });
    expect(response.status).toBe(200);
    expect(await storage.head(key)).toEqual({ size: 9, contentType: 'image/png' });
  });

  it('when the presigned URL is used again, then S3 refuses the second PUT and the first object stays', async () => {
    const key = 'uploads/2026/11/28/put-once.png';
    const upload = await storage.presignUpload({
      key,
      contentType: 'image/png',
      maxBytes: 100,
      expiresInSeconds: 300,
      size: 5,
    });
    const put = (bytes: string) => fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
    expect((await put('first')).status).toBe(200);
    expect((await put('other')).status).toBe(412);
    expect((await storage.read(key, { maxBytes: 100 })).toString()).toBe('first');
  });

  it('when no size is declared, then a PUT is not presigned (S3 could not cap it)', async () => {
    await expect(
      storage.presignUpload({
        key: 'uploads/x/no-size.png',
        contentType: 'image/png',
        maxBytes: 100,
        expiresInSeconds: 60,
      }),
    ).rejects.toThrow(/declared size/);
  });

  it('when a POST is presigned, then its policy caps the size and type, and a form upload stores the object', async () => {
    const key = 'uploads/2026/11/28/post-cat.png';
    const post = await storage.presignPost({ key, contentType: 'image/png', maxBytes: 5000, expiresInSeconds: 300 });
    const policy = JSON.parse(Buffer.from(post.fields.Policy, 'base64').toString());
    expect(policy.conditions).toContainEqual(['content-length-range', 1, 5000]);
    expect(policy.conditions).toContainEqual(['eq', '$Content-Type', 'image/png']);
    expect(post.fields.key).toBe(key);

    const form = new FormData();
    for (const [name, value] of Object.entries(post.fields)) form.append(name, value);
    form.append('file', new Blob([Buffer.from('posted png')], { type: 'image/png' }), 'cat.png');
    const response = await fetch(post.url, { method: 'POST', body: form });
    expect(response.status).toBeLessThan(300);
    expect((await storage.read(key, { maxBytes: 100 })).toString()).toBe('posted png');
  });

  it('when the bucket does not exist, then ping rejects', async () => {
    await expect(s3Storage('no-such-bucket-here').ping()).rejects.toThrow();
  });

  it('when a bucket is removed after start, then reads fail with an infrastructure error, not "not found"', async () => {
    const bucket = 'short-lived-bucket';
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const shortLived = s3Storage(bucket);
    await s3.send(new DeleteBucketCommand({ Bucket: bucket }));
    const error = await shortLived.read('uploads/a.png', { maxBytes: 10 }).catch((e: any) => e);
    expect(error.name).toBe('NoSuchBucket');
  });

  it('when S3 answers SlowDown, then the request is retried with backoff and succeeds', async () => {
    const slowDown = {
      status: 503,
      contentType: 'application/xml',
      body: '<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
    };
    // Three refusals in a row: more than the SDK's default of 3 attempts would survive.
    const proxy = await startFlakyProxy(moto.endpoint, 3, slowDown);
    try {
      const throttled = s3Storage(BUCKET, proxy.endpoint);
      await throttled.write('uploads/slow.png', 'bytes', { contentType: 'image/png' });
      expect((await throttled.read('uploads/slow.png', { maxBytes: 10 })).toString()).toBe('bytes');
      expect(proxy.requests).toBe(5);
    } finally {
      await proxy.close();
    }
  });

  it('when a stream runs past the cap, then reading stops there and the stream is destroyed', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 1000;
        this.push(Buffer.alloc(1000));
      },
    });
    await expect(collectCapped(endless, 5000, () => new ObjectTooLargeError('b', 'k', 5000))).rejects.toBeInstanceOf(
      ObjectTooLargeError,
    );
    expect(endless.destroyed).toBe(true);
    expect(produced).toBeLessThan(100_000);
  });
});
