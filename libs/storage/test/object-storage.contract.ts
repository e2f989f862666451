import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectExistsError, ObjectNotFoundError, ObjectStorage, ObjectTooLargeError } from '@app/storage';

export interface ObjectStorageFixture {
  storage: ObjectStorage;
  close(): Promise<void>;
}

const PNG = 'image/png';
let counter = 0;
const freshKey = (name: string) => `uploads/2026/11/28/contract-${process.pid}-${++counter}-${name}`;

/**
 * What every ObjectStorage adapter must do alike. Each adapter's spec file calls this with a fixture that builds the
 * adapter on its real backend (files under a temp dir, S3 on moto), so the adapters cannot drift apart.
 */
export function describeObjectStorageContract(adapter: string, setUp: () => Promise<ObjectStorageFixture>): void {
  describe(`ObjectStorage contract (${adapter})`, () => {
    let fixture: ObjectStorageFixture;
    let storage: ObjectStorage;

    beforeAll(async () => {
      fixture = await setUp();
      storage = fixture.storage;
    });
    afterAll(() => fixture?.close());

    it('when an object is written, then head gives its size and type and read gives its bytes', async () => {
      const key = freshKey('a.png');
      const bytes = Buffer.from('not really a png, but bytes are bytes');
      await storage.write(key, bytes, { contentType: PNG });
      expect(await storage.head(key)).toEqual({ size: bytes.length, contentType: PNG });
      expect(await storage.read(key, { maxBytes: 1024 })).toEqual(bytes);
    });

    it('when a stream is written, then the whole stream is stored', async () => {
      const key = freshKey('stream.json');
      await storage.write(key, Readable.from([Buffer.from('{"a":'), Buffer.from('1}')]), {
        contentType: 'application/json',
      });
      expect((await storage.read(key, { maxBytes: 100 })).toString()).toBe('{"a":1}');
    });

    it('when an object is written twice, then the second version wins', async () => {
      const key = freshKey('twice.txt');
      await storage.write(key, 'first', { contentType: 'text/plain' });
      await storage.write(key, 'second!', { contentType: 'text/plain' });
      expect((await storage.read(key, { maxBytes: 100 })).toString()).toBe('second!');
    });

    it('when a write-once key already holds an object, then ObjectExistsError and the first object stays', async () => {
      const key = freshKey('once.png');
      await storage.write(key, 'first', { contentType: PNG, ifAbsent: true });
      const error = await storage.write(key, 'second', { contentType: PNG, ifAbsent: true }).catch((e) => e);
      expect(error).toBeInstanceOf(ObjectExistsError);
      expect((await storage.read(key, { maxBytes: 100 })).toString()).toBe('first');
    });

    it('when five write-once writes race on one key, then exactly one wins and the object is whole', async () => {
      const key = freshKey('race.png');
      const bodies = ['aaaa', 'bbbb', 'cccc', 'dddd', 'eeee'];
      const outcomes = await Promise.allSettled(
        bodies.map((body) =>
          storage.write(key, Readable.from([Buffer.from(body)]), { contentType: PNG, ifAbsent: true }),
        ),
      );
      const won = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [bodies[i]] : []));
      expect(won).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(ObjectExistsError);
      }
      expect((await storage.read(key, { maxBytes: 100 })).toString()).toBe(won[0]);
    });

    it('when an object is written, then exists is true; for a missing key or a prefix of other keys, false', async () => {
      const key = freshKey('there.png');
      await storage.write(key, 'bytes', { contentType: PNG });
      expect(await storage.exists(key)).toBe(true);
      expect(await storage.exists(freshKey('missing.png'))).toBe(false);
      // A "folder" holding objects is no object (S3 has no folders).
      const nested = freshKey('folder/inner.png');
      await storage.write(nested, 'bytes', { contentType: PNG });
      expect(await storage.exists(nested.slice(0, nested.lastIndexOf('/')))).toBe(false);
    });

    it('when a key does not exist, then head is null and read throws ObjectNotFoundError', async () => {
      const key = freshKey('missing.png');
      expect(await storage.head(key)).toBeNull();
      const error = await storage.read(key, { maxBytes: 10 }).catch((e) => e);
      expect(error).toBeInstanceOf(ObjectNotFoundError);
      expect(error.key).toBe(key);
    });

    it('when an object is larger than maxBytes, then read throws ObjectTooLargeError', async () => {
      const key = freshKey('big.png');
      await storage.write(key, Buffer.alloc(2048, 1), { contentType: PNG });
      await expect(storage.read(key, { maxBytes: 2047 })).rejects.toBeInstanceOf(ObjectTooLargeError);
      expect(await storage.read(key, { maxBytes: 2048 })).toHaveLength(2048);
    });

    it('when a write passes its maxBytes, then it throws ObjectTooLargeError and nothing is stored', async () => {
      const key = freshKey('capped.png');
      const body = Readable.from([Buffer.alloc(600), Buffer.alloc(600)]);
      await expect(storage.write(key, body, { contentType: PNG, maxBytes: 1000 })).rejects.toBeInstanceOf(
        ObjectTooLargeError,
      );
      expect(await storage.head(key)).toBeNull();
    });

    it('when an upload is presigned, then the URL is bound to the key and asks for the signed content type', async () => {
      const key = freshKey('car damage.jpg');
      const before = Date.now();
      const upload = await storage.presignUpload({
        key,
        contentType: 'image/jpeg',
        maxBytes: 1000,
        expiresInSeconds: 600,
        size: 900,
      });
      expect(upload.method).toBe('PUT');
      expect(upload.headers['content-type']).toBe('image/jpeg');
      expect(decodeURIComponent(new URL(upload.url).pathname)).toContain(key);
      expect(upload.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 599_000);
      expect(upload.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 600_000);
    });

    it('when the storage is up, then ping resolves', async () => {
      await expect(storage.ping()).resolves.toBeUndefined();
    });
  });
}
