import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/support/test-env';
import { FileObjectStorage } from '../src/local/file-object-storage';
import { checkUploadSignature } from '../src/local/upload-signature';
import { ObjectNotFoundError, ObjectTooLargeError } from '../src/storage.errors';

const BUCKET = 'image-processing-uploads';
const SECRET = 'file-storage-test-secret-0123456789abcdef';

/** A stream of `count` chunks of `size` bytes that records how many chunks were pulled. */
function chunks(count: number, size: number) {
  const stats = { pulled: 0 };
  const stream = Readable.from(
    (function* () {
      for (let i = 0; i < count; i++) {
        stats.pulled++;
        yield Buffer.alloc(size, i % 256);
      }
    })(),
  );
  return { stream, stats };
}

describe('FileObjectStorage', () => {
  let data: ReturnType<typeof tempDataDir>;
  let root: string;
  let storage: FileObjectStorage;

  beforeEach(() => {
    data = tempDataDir('file-storage');
    root = join(data.dir, 'objects');
    storage = new FileObjectStorage({
      rootDir: root,
      bucket: BUCKET,
      publicUrl: 'http://127.0.0.1:3000',
      uploadSecret: SECRET,
    });
  });
  afterEach(() => data.remove());

  /** Every file under the storage root except the data and meta of the given keys. */
  const leftovers = () => (existsSync(join(root, '.tmp')) ? readdirSync(join(root, '.tmp')) : []);

  describe('write, head and read', () => {
    it.each([
      ['a NUL character', 'uploads/a\u0000b.png'],
      ['a segment longer than the file system allows', `uploads/${'a'.repeat(300)}.png`],
    ])('when a key holds %s, then head finds no object instead of failing', async (_, key) => {
      await storage.write('uploads/other.png', 'x', { contentType: 'image/png' });
      expect(await storage.head(key)).toBeNull();
    });

    it('when a buffer is written, then head gives its size and content type and read gives the same bytes', async () => {
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
      await storage.write('uploads/2026/11/28/x-a.png', bytes, { contentType: 'image/png' });
      expect(await storage.head('uploads/2026/11/28/x-a.png')).toEqual({ size: 8, contentType: 'image/png' });
      expect(await storage.read('uploads/2026/11/28/x-a.png', { maxBytes: 8 })).toEqual(bytes);
    });

    it('when an object is written, then it is a file under <root>/<bucket>/<key> and nothing is left in .tmp', async () => {
      await storage.write('uploads/a.txt', 'hello', { contentType: 'text/plain' });
      expect(existsSync(join(root, BUCKET, 'uploads', 'a.txt'))).toBe(true);
      expect(leftovers()).toEqual([]);
    });

    it('when a string is written, then it is stored as UTF-8', async () => {
      await storage.write('k.txt', 'héllo', { contentType: 'text/plain; charset=utf-8' });
      expect((await storage.read('k.txt', { maxBytes: 100 })).toString('utf8')).toBe('héllo');
      expect(await storage.head('k.txt')).toEqual({ size: 6, contentType: 'text/plain; charset=utf-8' });
    });

    it('when a stream within the cap is written, then all of it is stored', async () => {
      const { stream } = chunks(4, 1000);
      await storage.write('big.bin', stream, { contentType: 'application/octet-stream', maxBytes: 4000 });
      expect(await storage.head('big.bin')).toMatchObject({ size: 4000 });
    });

    it('when an object is overwritten, then the new bytes and content type replace the old ones', async () => {
      await storage.write('k', 'first', { contentType: 'image/png' });
      await storage.write('k', 'second!', { contentType: 'image/jpeg' });
      expect(await storage.head('k')).toEqual({ size: 7, contentType: 'image/jpeg' });
      expect((await storage.read('k', { maxBytes: 100 })).toString()).toBe('second!');
    });

    it('when the object has no stored content type (copied in by hand), then head gives the size without a type', async () => {
      await storage.ping();
      writeFileSync(join(root, BUCKET, 'by-hand.png'), 'abc');
      expect(await storage.head('by-hand.png')).toEqual({ size: 3, contentType: undefined });
    });
  });

  describe('size caps', () => {
    it('when an object is larger than the read cap, then read throws ObjectTooLargeError naming the cap', async () => {
      await storage.write('k', Buffer.alloc(101), { contentType: 'image/png' });
      const read = storage.read('k', { maxBytes: 100 });
      await expect(read).rejects.toBeInstanceOf(ObjectTooLargeError);
      await expect(read).rejects.toMatchObject({ bucket: BUCKET, key: 'k', maxBytes: 100 });
    });

    it('when an object is exactly at the read cap, then it is read', async () => {
      await storage.write('k', Buffer.alloc(100), { contentType: 'image/png' });
      expect(await storage.read('k', { maxBytes: 100 })).toHaveLength(100);
    });

    it('when a streamed write passes its cap, then it throws ObjectTooLargeError, stops reading, and leaves no object and nothing in .tmp', async () => {
      const { stream, stats } = chunks(1000, 1024);
      const write = storage.write('too-big.bin', stream, { contentType: 'image/png', maxBytes: 10 * 1024 });
      await expect(write).rejects.toBeInstanceOf(ObjectTooLargeError);
      expect(stats.pulled).toBeLessThan(100);
      expect(await storage.head('too-big.bin')).toBeNull();
      expect(existsSync(join(root, BUCKET, 'too-big.bin'))).toBe(false);
      expect(leftovers()).toEqual([]);
    });

    it('when a buffer write passes its cap, then it is refused and the previous version of the object is kept', async () => {
      await storage.write('k', 'old', { contentType: 'image/png' });
      await expect(
        storage.write('k', Buffer.alloc(11), { contentType: 'image/jpeg', maxBytes: 10 }),
      ).rejects.toBeInstanceOf(ObjectTooLargeError);
      expect(await storage.head('k')).toEqual({ size: 3, contentType: 'image/png' });
      expect(leftovers()).toEqual([]);
    });

    it('when the source stream fails midway, then the error propagates and nothing is stored or left in .tmp', async () => {
      const failing = Readable.from(
        (async function* () {
          yield Buffer.alloc(512);
          throw new Error('client went away');
        })(),
      );
      await expect(storage.write('half.bin', failing, { contentType: 'image/png' })).rejects.toThrow(
        'client went away',
      );
      expect(await storage.head('half.bin')).toBeNull();
      expect(leftovers()).toEqual([]);
    });
  });

  describe('missing objects and keys outside the bucket', () => {
    it('when the key does not exist, then head is null and read throws ObjectNotFoundError naming bucket and key', async () => {
      expect(await storage.head('uploads/nope.png')).toBeNull();
      const read = storage.read('uploads/nope.png', { maxBytes: 10 });
      await expect(read).rejects.toBeInstanceOf(ObjectNotFoundError);
      await expect(read).rejects.toMatchObject({ bucket: BUCKET, key: 'uploads/nope.png' });
    });

    it('when a key goes through an existing object as if it were a folder, then it does not exist', async () => {
      await storage.write('a.png', 'x', { contentType: 'image/png' });
      expect(await storage.head('a.png/b.png')).toBeNull();
    });

    it('when the key names a folder that holds objects, then it is not an object', async () => {
      await storage.write('uploads/2026/a.png', 'x', { contentType: 'image/png' });
      expect(await storage.head('uploads/2026')).toBeNull();
      await expect(storage.read('uploads/2026', { maxBytes: 1 << 20 })).rejects.toBeInstanceOf(ObjectNotFoundError);
    });

    it.each([
      ['climbs out with ..', '../other-bucket/secret.png'],
      ['climbs out from inside a folder', 'uploads/../../outside.png'],
      ['is absolute', '/etc/hostname'],
      ['targets a sibling folder with the bucket name as prefix', `../${BUCKET}-evil/x.png`],
    ])(
      'when a key %s, then head is null, read throws ObjectNotFoundError and write is refused with nothing written',
      async (_, key) => {
        expect(await storage.head(key)).toBeNull();
        await expect(storage.read(key, { maxBytes: 100 })).rejects.toBeInstanceOf(ObjectNotFoundError);
        await expect(storage.write(key, 'pwned', { contentType: 'image/png' })).rejects.toThrow();
        expect(readdirSync(data.dir)).toEqual(['objects']);
        expect(readdirSync(root).sort()).toEqual(['.tmp']);
        expect(leftovers()).toEqual([]);
      },
    );
  });

  describe('presigned uploads', () => {
    it('when an upload is presigned, then its URL carries the grant and the signature verifies', async () => {
      const before = Math.floor(Date.now() / 1000);
      const key = 'uploads/2026/11/28/0b6e-car damage+1.jpg';
      const presigned = await storage.presignUpload({
        key,
        contentType: 'image/jpeg',
        maxBytes: 1234,
        expiresInSeconds: 900,
      });

      expect(presigned.method).toBe('PUT');
      expect(presigned.headers).toEqual({ 'content-type': 'image/jpeg' });
      const url = new URL(presigned.url);
      expect(url.origin).toBe('http://127.0.0.1:3000');
      const [, storagePath, bucket, ...keyParts] = url.pathname.split('/');
      expect([storagePath, bucket]).toEqual(['storage', BUCKET]);
      expect(keyParts.map(decodeURIComponent).join('/')).toBe(key);

      const params = url.searchParams;
      expect(params.get('contentType')).toBe('image/jpeg');
      expect(params.get('maxBytes')).toBe('1234');
      const expires = Number(params.get('expires'));
      expect(expires).toBeGreaterThanOrEqual(before + 900);
      expect(expires).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 900);
      expect(presigned.expiresAt.getTime()).toBe(expires * 1000);

      const grant = { bucket: BUCKET, key, contentType: 'image/jpeg', maxBytes: 1234, expires };
      expect(checkUploadSignature(grant, params.get('signature')!, SECRET)).toBe('valid');
      expect(checkUploadSignature({ ...grant, maxBytes: 1235 }, params.get('signature')!, SECRET)).toBe(
        'bad-signature',
      );
    });

    it('when an upload is presigned, then nothing is written yet', async () => {
      await storage.presignUpload({
        key: 'uploads/later.png',
        contentType: 'image/png',
        maxBytes: 10,
        expiresInSeconds: 60,
      });
      expect(await storage.head('uploads/later.png')).toBeNull();
    });
  });

  it('when the storage is pinged, then it resolves and the bucket folder exists', async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
    expect(existsSync(join(root, BUCKET))).toBe(true);
  });
});
