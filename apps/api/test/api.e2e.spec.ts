import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signUpload } from '../../../libs/storage/src/local/upload-signature';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { FIXTURES, readJson } from '../../../test/support/test-env';

const SECRET = 'e2e-secret-e2e-secret-e2e-secret-e2e-secret';
const BUCKET = 'image-processing-uploads';

describe('API (self-hosted adapters, real queue server and SQLite)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let app: NestFastifyApplication;
  let api: string;
  let smallPng: Buffer;

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${api}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body:
        typeof body === 'string' || body instanceof Uint8Array ? (body as RequestInit['body']) : JSON.stringify(body),
    });
  const presign = async (filename = 'photo.png', contentType = 'image/png') =>
    readJson(await post('/uploads/presign', { filename, contentType }));
  const upload = async (filename = 'photo.png', bytes = smallPng) => {
    const ticket = await presign(filename);
    const put = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes });
    expect(put.status).toBe(200);
    return `s3://${ticket.bucket}/${ticket.key}`;
  };
  const storedObjects = () =>
    readdirSync(join(backend.dataDir, 'objects', BUCKET), { recursive: true, withFileTypes: true }).filter((entry) =>
      entry.isFile(),
    ).length;

  beforeAll(async () => {
    backend = await startSelfHostedBackend('api', {
      UPLOAD_SECRET: SECRET,
      MAX_UPLOAD_BYTES: 100_000,
      MAX_IMAGES_PER_JOB: 3,
    });
    ({ app, url: api } = await startApi(backend.config));
    smallPng = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366aa' } })
      .png()
      .toBuffer();
  });

  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  describe('POST /uploads/presign', () => {
    it('when the request is valid, then it answers a signed PUT URL under a dated key in the bucket', async () => {
      const response = await post('/uploads/presign', { filename: 'car-damage.jpg', contentType: 'image/jpeg' });
      expect(response.status).toBe(200);
      const body = await readJson(response);
      expect(body.bucket).toBe(BUCKET);
      expect(body.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}-car-damage\.jpg$/);
      expect(body.url).toContain(`${api}/storage/${BUCKET}/${body.key}?`);
      expect(body.headers).toEqual({ 'content-type': 'image/jpeg' });
      expect(body.maxBytes).toBe(100_000);
      expect(new Date(body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    });

    it.each([
      [{ contentType: 'image/png' }, 'filename', 'isString'],
      [{ filename: '', contentType: 'image/png' }, 'filename', 'isNotEmpty'],
      [{ filename: '../etc/passwd.png', contentType: 'image/png' }, 'filename', 'noPathSeparators'],
      [{ filename: 'a\\b.png', contentType: 'image/png' }, 'filename', 'noPathSeparators'],
      [{ filename: 'evil\u0000.png', contentType: 'image/png' }, 'filename', 'noControlCharacters'],
      [{ filename: 'line\nbreak.png', contentType: 'image/png' }, 'filename', 'noControlCharacters'],
      [{ filename: 'notes.txt', contentType: 'text/plain' }, 'contentType', 'isIn'],
      [{ filename: 'a.png' }, 'contentType', 'isIn'],
      [{ filename: 'a.png', contentType: 'image/png', extra: true }, 'extra', 'whitelistValidation'],
    ])('when the body is %j, then 400 names %s and rule %s', async (body, field, rule) => {
      const response = await post('/uploads/presign', body);
      expect(response.status).toBe(400);
      const error = await readJson(response);
      expect(error).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(error.errors).toContainEqual(expect.objectContaining({ field, rule }));
    });

    it('when the JSON is malformed, then 400 names the body and the json rule', async () => {
      const response = await post('/uploads/presign', '{"filename": ');
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'json' })]);
    });
  });

  describe('PUT to a self-hosted upload URL', () => {
    it('when the signature and headers are right, then 200 and the object is stored with its content type', async () => {
      const ticket = await presign('ok.png');
      const response = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: smallPng });
      expect(response.status).toBe(200);
      const stored = readFileSync(join(backend.dataDir, 'objects', BUCKET, ticket.key));
      expect(stored.equals(smallPng)).toBe(true);
    });

    it('when the signature is tampered with, then 403 and nothing is written', async () => {
      const ticket = await presign('tampered.png');
      const before = storedObjects();
      const url = ticket.url.replace(
        /signature=([0-9a-f])/,
        (_: string, c: string) => `signature=${c === '0' ? '1' : '0'}`,
      );
      const response = await fetch(url, { method: 'PUT', headers: ticket.headers, body: smallPng });
      expect(response.status).toBe(403);
      expect(storedObjects()).toBe(before);
    });

    it('when the URL has expired, then 403 and nothing is written', async () => {
      const key = 'uploads/2020/01/01/00000000-0000-0000-0000-000000000000-old.png';
      const grant = {
        bucket: BUCKET,
        key,
        contentType: 'image/png',
        maxBytes: 100_000,
        expires: Math.floor(Date.now() / 1000) - 1,
      };
      const query = new URLSearchParams({
        contentType: grant.contentType,
        maxBytes: String(grant.maxBytes),
        expires: String(grant.expires),
        signature: signUpload(grant, SECRET),
      });
      const response = await fetch(`${api}/storage/${BUCKET}/${key}?${query}`, {
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        body: smallPng,
      });
      expect(response.status).toBe(403);
      expect((await readJson(response)).message).toMatch(/expired/);
      expect(readdirSync(join(backend.dataDir, 'objects', BUCKET, 'uploads')).includes('2020')).toBe(false);
    });

    it('when the key holds an escaped percent sign and the signature is wrong, then 403, not a decoding failure', async () => {
      const query = new URLSearchParams({
        contentType: 'image/png',
        maxBytes: '100000',
        expires: String(Math.floor(Date.now() / 1000) + 60),
        signature: '0'.repeat(64),
      });
      const response = await fetch(`${api}/storage/${BUCKET}/a%25E0?${query}`, {
        method: 'PUT',
        headers: { 'content-type': 'image/png' },
        body: smallPng,
      });
      expect(response.status).toBe(403);
    });

    it('when another content type is sent, then 400 names content-type and nothing is written', async () => {
      const ticket = await presign('typed.png');
      const before = storedObjects();
      const response = await fetch(ticket.url, {
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg' },
        body: smallPng,
      });
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toEqual([
        expect.objectContaining({ field: 'content-type', rule: 'signedContentType' }),
      ]);
      expect(storedObjects()).toBe(before);
    });

    it('when the body is larger than the signed maximum, then 413 and nothing is written', async () => {
      const ticket = await presign('big.png');
      const before = storedObjects();
      const response = await fetch(ticket.url, {
        method: 'PUT',
        headers: ticket.headers,
        body: readFileSync(join(FIXTURES, 'coffee.png')),
      });
      expect(response.status).toBe(413);
      expect(storedObjects()).toBe(before);
      expect(readdirSync(join(backend.dataDir, 'objects', '.tmp'))).toEqual([]);
    });
  });

  describe('POST /process', () => {
    let queuedBefore: number;
    beforeEach(async () => {
      queuedBefore = await backend.queuedMessages();
    });

    it('when every image exists, then the job is stored PENDING and exactly one message is queued', async () => {
      const urls = [await upload('a.png'), await upload('b.png')];
      const response = await post('/process', {
        imageUrls: urls,
        userId: 'user-ok',
        metadata: { source: 'mobile-app' },
      });
      expect(response.status).toBe(202);
      const body = await readJson(response);
      expect(response.headers.get('location')).toBe(`/jobs/${body.jobId}`);
      expect(body).toEqual({
        success: true,
        jobId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        status: 'PENDING',
        message: 'Job created for 2 image(s)',
        imageCount: 2,
      });
      expect(await backend.storedJobs('user-ok')).toBe(1);
      expect(await backend.queuedMessages()).toBe(queuedBefore + 1);

      const job = await readJson(await fetch(`${api}/jobs/${body.jobId}`));
      expect(job).toEqual({
        jobId: body.jobId,
        status: 'PENDING',
        imageCount: 2,
        processedImages: 0,
        metadata: { source: 'mobile-app' },
        // Nothing asked for: the default model, pinned to its version now, and the configured thresholds.
        options: { model: 'ssdlite@1', minConfidence: 0.5, iouThreshold: 0.6, maxDetections: 100 },
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(new Date(job.createdAt).toISOString()).toBe(job.createdAt);
    });

    it('when a model and thresholds are given, then the job stores them (name resolved to name@version) and shows them', async () => {
      const response = await post('/process', {
        imageUrls: [await upload('options.png')],
        userId: 'user-options',
        model: 'picodet-s-416',
        minConfidence: 0.3,
        iouThreshold: 0.6,
        classes: ['person', 'dog', 'person'],
        maxDetections: 20,
        tiling: true,
      });
      expect(response.status).toBe(202);
      const job = await readJson(await fetch(`${api}/jobs/${(await readJson(response)).jobId}`));
      expect(job.options).toEqual({
        model: 'picodet-s-416@1',
        minConfidence: 0.3,
        iouThreshold: 0.6,
        maxDetections: 20,
        classes: ['person', 'dog'],
        tiling: true,
      });
    });

    const refused: Array<[string, () => Promise<unknown>, string, string]> = [
      ['imageUrls is missing', async () => ({ userId: 'user-bad' }), 'imageUrls', 'isArray'],
      ['imageUrls is empty', async () => ({ imageUrls: [], userId: 'user-bad' }), 'imageUrls', 'arrayNotEmpty'],
      [
        'imageUrls is not an array',
        async () => ({ imageUrls: 's3://x/y', userId: 'user-bad' }),
        'imageUrls',
        'isArray',
      ],
      ['an image URL is not a string', async () => ({ imageUrls: [42], userId: 'user-bad' }), 'imageUrls', 'isString'],
      [
        'there are more images than allowed',
        async () => ({ imageUrls: Array(4).fill(`s3://${BUCKET}/uploads/x.png`), userId: 'user-bad' }),
        'imageUrls',
        'arrayMaxSize',
      ],
      [
        'an image URL is not s3://',
        async () => ({ imageUrls: ['https://example.com/a.png'], userId: 'user-bad' }),
        'imageUrls[0]',
        's3Url',
      ],
      [
        'an image is in another bucket',
        async () => ({ imageUrls: [await upload(), 's3://another-bucket/uploads/a.png'], userId: 'user-bad' }),
        'imageUrls[1]',
        'bucket',
      ],
      [
        'an image was never uploaded',
        async () => ({ imageUrls: [await upload(), `s3://${BUCKET}/uploads/missing.png`], userId: 'user-bad' }),
        'imageUrls[1]',
        'exists',
      ],
      [
        'an image key is outside uploads/',
        async () => ({ imageUrls: [`s3://${BUCKET}/other/a.png`], userId: 'user-bad' }),
        'imageUrls[0]',
        'uploadsPrefix',
      ],
      [
        'an image key holds a NUL character',
        async () => ({ imageUrls: [`s3://${BUCKET}/uploads/a\u0000b`], userId: 'user-bad' }),
        'imageUrls[0]',
        'key',
      ],
      [
        'an image key has a segment over 255 characters',
        async () => ({ imageUrls: [`s3://${BUCKET}/uploads/${'a'.repeat(300)}`], userId: 'user-bad' }),
        'imageUrls[0]',
        'exists',
      ],
      ['userId is empty', async () => ({ imageUrls: [await upload()], userId: '' }), 'userId', 'isNotEmpty'],
      [
        'the model is not in the registry',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', model: 'no-such-model' }),
        'model',
        'knownModel',
      ],
      [
        'the model pins a version the registry lacks',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', model: 'ssdlite@9' }),
        'model',
        'knownModel',
      ],
      [
        'the model is not a name',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', model: '../etc/passwd' }),
        'model',
        'matches',
      ],
      [
        'a class is not a label of the model',
        async () => ({
          imageUrls: [await upload()],
          userId: 'user-bad',
          model: 'yolox-nano',
          classes: ['cat', 'unicorn'],
        }),
        'classes[1]',
        'knownLabel',
      ],
      [
        'minConfidence is below 0.01',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', minConfidence: 0 }),
        'minConfidence',
        'min',
      ],
      [
        'iouThreshold is above 0.95',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', iouThreshold: 0.99 }),
        'iouThreshold',
        'max',
      ],
      [
        'maxDetections is above 300',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', maxDetections: 301 }),
        'maxDetections',
        'max',
      ],
      [
        'tiling is not a boolean',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', tiling: 'yes' }),
        'tiling',
        'isBoolean',
      ],
      [
        'metadata is not an object',
        async () => ({ imageUrls: [await upload()], userId: 'user-bad', metadata: 'x' }),
        'metadata',
        'isObject',
      ],
    ];
    it.each(refused)(
      'when %s, then 400 names the field and rule, and nothing is stored or queued',
      async (_case, makeBody, field, rule) => {
        const response = await post('/process', await makeBody());
        expect(response.status).toBe(400);
        const error = await readJson(response);
        expect(error.errors).toContainEqual(expect.objectContaining({ field, rule }));
        expect(await backend.storedJobs('user-bad')).toBe(0);
        expect(await backend.queuedMessages()).toBe(queuedBefore);
      },
    );

    it('when the JSON is malformed, then 400 and nothing is queued', async () => {
      const response = await post('/process', '{"imageUrls": [');
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'json' })]);
      expect(await backend.queuedMessages()).toBe(queuedBefore);
    });

    it.each([
      ['/process', 'image/png'],
      ['/uploads/presign', 'image/png'],
      ['/process', 'text/plain'],
      ['/process', 'application/octet-stream'],
    ])('when %s gets a %s body, then 415 names content-type and nothing is queued', async (path, contentType) => {
      const response = await post(path, smallPng, { 'content-type': contentType });
      expect(response.status).toBe(415);
      expect(await readJson(response)).toMatchObject({
        statusCode: 415,
        error: 'Unsupported Media Type',
        errors: [expect.objectContaining({ field: 'content-type', rule: 'json' })],
      });
      expect(await backend.queuedMessages()).toBe(queuedBefore);
    });

    /** An object nesting `levels` objects deep: {"a":{"a":...1}}. */
    const nested = (levels: number) => JSON.parse(`${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`);
    it('when metadata nests 3,000 levels deep, then 400 names the body and the maxDepth rule, and nothing is stored or queued', async () => {
      const response = await post('/process', {
        imageUrls: [`s3://${BUCKET}/uploads/x.png`],
        userId: 'user-bad',
        metadata: nested(3000),
      });
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxDepth' })]);
      expect(await backend.storedJobs('user-bad')).toBe(0);
      expect(await backend.queuedMessages()).toBe(queuedBefore);
    });

    it('when the body nests exactly 32 levels, then the job is accepted; at 33, then 400 maxDepth', async () => {
      const imageUrls = [await upload()];
      // The body is level 1 and metadata level 2, so metadata holds 31 and 32 levels.
      expect((await post('/process', { imageUrls, userId: 'user-deep', metadata: nested(31) })).status).toBe(202);
      const tooDeep = await post('/process', { imageUrls, userId: 'user-deep', metadata: nested(32) });
      expect(tooDeep.status).toBe(400);
      expect((await readJson(tooDeep)).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxDepth' })]);
    });

    it('when the body is over 1 MiB, then 413 and nothing is stored or queued', async () => {
      const imageUrls = Array.from({ length: 3 }, (_, i) => `s3://${BUCKET}/uploads/${i}-${'x'.repeat(400_000)}.png`);
      const response = await post('/process', { imageUrls, userId: 'user-bad' });
      expect(response.status).toBe(413);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxBytes' })]);
      expect(await backend.storedJobs('user-bad')).toBe(0);
      expect(await backend.queuedMessages()).toBe(queuedBefore);
    });
  });

  describe('Idempotency-Key on POST /process', () => {
    it('when the same key and body come again, then 200 with the same job, Idempotent-Replayed, and nothing new queued', async () => {
      const body = { imageUrls: [await upload()], userId: 'user-idem', metadata: { a: 1, b: 2 } };
      const key = { 'idempotency-key': `idem-${Date.now()}` };
      const first = await post('/process', body, key);
      expect(first.status).toBe(202);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const queued = await backend.queuedMessages();
      // The same request, its metadata keys in another order.
      const again = await post('/process', { ...body, metadata: { b: 2, a: 1 } }, key);
      expect(again.status).toBe(200);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      const [one, two] = [await readJson(first), await readJson(again)];
      expect(two).toEqual(one);
      expect(again.headers.get('location')).toBe(`/jobs/${one.jobId}`);
      expect(await backend.queuedMessages()).toBe(queued);
      expect(await backend.storedJobs('user-idem')).toBe(1);
    });

    it('when the same key comes with another body, then 409 and nothing is stored', async () => {
      const key = { 'idempotency-key': `idem-conflict-${Date.now()}` };
      expect((await post('/process', { imageUrls: [await upload()], userId: 'user-idem-2' }, key)).status).toBe(202);
      const other = await post('/process', { imageUrls: [await upload()], userId: 'user-idem-2' }, key);
      expect(other.status).toBe(409);
      expect((await readJson(other)).message).toContain('already used with a different request');
      expect(await backend.storedJobs('user-idem-2')).toBe(1);
    });

    it('when 20 duplicates arrive at once, then one job is created and every answer names it', async () => {
      const body = { imageUrls: [await upload()], userId: 'user-idem-20' };
      const key = { 'idempotency-key': `idem-burst-${Date.now()}` };
      const queued = await backend.queuedMessages();
      const answers = await Promise.all(Array.from({ length: 20 }, () => post('/process', body, key)));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([...Array(19).fill(200), 202]);
      const ids = new Set(await Promise.all(answers.map(async (answer) => (await readJson(answer)).jobId)));
      expect(ids.size).toBe(1);
      expect(await backend.storedJobs('user-idem-20')).toBe(1);
      expect(await backend.queuedMessages()).toBe(queued + 1);
    });

    it.each([
      ['over 255 characters', 'k'.repeat(256), 'maxLength'],
      ['with a control character', 'bad\tkey', 'printable'],
    ])('when the key is %s, then 400 names Idempotency-Key', async (_, value, rule) => {
      const response = await post(
        '/process',
        { imageUrls: [await upload()], userId: 'user-idem-bad' },
        {
          'idempotency-key': value,
        },
      );
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'Idempotency-Key', rule })]);
    });
  });

  describe('DELETE /jobs/{jobId}', () => {
    const cancel = (jobId: string) => fetch(`${api}/jobs/${jobId}`, { method: 'DELETE' });

    it('when a PENDING job is cancelled, then 200 CANCELLED, GET reads it so, and a second cancel is 409', async () => {
      const { jobId } = await readJson(await post('/process', { imageUrls: [await upload()], userId: 'user-cancel' }));
      const response = await cancel(jobId);
      expect(response.status).toBe(200);
      expect(await readJson(response)).toMatchObject({ jobId, status: 'CANCELLED', processedImages: 0 });
      expect(await readJson(await fetch(`${api}/jobs/${jobId}`))).toMatchObject({ status: 'CANCELLED' });
      const again = await cancel(jobId);
      expect(again.status).toBe(409);
      expect(await readJson(again)).toEqual({
        statusCode: 409,
        error: 'Conflict',
        message: `job ${jobId} is already CANCELLED and can no longer be cancelled`,
      });
    });

    it('when a cancelled job is retried, then 409: only a COMPLETED or FAILED job can be', async () => {
      const { jobId } = await readJson(await post('/process', { imageUrls: [await upload()], userId: 'user-retry' }));
      await cancel(jobId);
      const retry = await post(`/jobs/${jobId}/retry`, {});
      expect(retry.status).toBe(409);
      expect((await readJson(retry)).message).toBe(
        `job ${jobId} is CANCELLED: only a COMPLETED or FAILED job can be retried`,
      );
    });

    it('when the job id is unknown or not a UUID, then 404', async () => {
      expect((await cancel('00000000-0000-4000-8000-000000000000')).status).toBe(404);
      expect((await cancel('not-a-uuid')).status).toBe(404);
    });
  });

  describe('GET /models', () => {
    it('when listed, then every shipped model comes with its version, family, input size, labels, licence and default flag', async () => {
      const response = await fetch(`${api}/models`);
      expect(response.status).toBe(200);
      const { models } = await readJson(response);
      expect(models.map((m: { ref: string }) => m.ref)).toEqual([
        'picodet-s-320@1',
        'picodet-s-416@1',
        'ssdlite@1',
        'yolox-nano@1',
      ]);
      const ssdlite = models.find((m: { name: string }) => m.name === 'ssdlite');
      expect(ssdlite).toMatchObject({
        version: '1',
        family: 'ssd-tf',
        inputWidth: 300,
        inputHeight: 300,
        licence: 'Apache-2.0',
        isDefault: true,
        isLatest: true,
      });
      expect(ssdlite.labels).toHaveLength(80);
      expect(ssdlite.labels[0]).toEqual({ name: 'person', cocoId: 1 });
      expect(models.filter((m: { isDefault: boolean }) => m.isDefault)).toHaveLength(1);
    });
  });

  describe('GET /jobs', () => {
    it('when the job id is unknown, then 404', async () => {
      const response = await fetch(`${api}/jobs/00000000-0000-4000-8000-000000000000`);
      expect(response.status).toBe(404);
      expect(await readJson(response)).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('when the job id is not a UUID, then 404', async () => {
      expect((await fetch(`${api}/jobs/not-a-job`)).status).toBe(404);
    });

    it("when listing a user's jobs, then they come newest first, a page at a time", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++)
        ids.push((await readJson(await post('/process', { imageUrls: [await upload()], userId: 'user-list' }))).jobId);
      const first = await readJson(await fetch(`${api}/jobs?userId=user-list&limit=2`));
      expect(first.items.map((job: { jobId: string }) => job.jobId)).toEqual([ids[2], ids[1]]);
      const second = await readJson(await fetch(`${api}/jobs?userId=user-list&limit=2&cursor=${first.nextCursor}`));
      expect(second.items.map((job: { jobId: string }) => job.jobId)).toEqual([ids[0]]);
      expect(second.nextCursor).toBeUndefined();
    });

    it('when userId is missing from a listing, then 400 names it', async () => {
      const response = await fetch(`${api}/jobs`);
      expect(response.status).toBe(400);
      expect((await readJson(response)).errors).toContainEqual(expect.objectContaining({ field: 'userId' }));
    });
  });

  describe('X-Request-Id', () => {
    it('when a request sends a sane X-Request-Id, then the answer carries the same id', async () => {
      const response = await fetch(`${api}/health`, { headers: { 'x-request-id': 'client-trace.42' } });
      expect(response.headers.get('x-request-id')).toBe('client-trace.42');
    });

    it.each([
      ['none', undefined],
      ['one with spaces', 'not a sane id'],
      ['one over 128 characters', 'a'.repeat(129)],
    ])('when a request sends %s, then the answer carries a fresh UUID', async (_, given) => {
      const response = await fetch(`${api}/jobs/00000000-0000-4000-8000-000000000000`, {
        headers: given ? { 'x-request-id': given } : {},
      });
      expect(response.status).toBe(404);
      expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    });
  });

  describe('docs', () => {
    it('when the OpenAPI document is read, then every route is documented with examples', async () => {
      const document = await readJson(await fetch(`${api}/docs-json`));
      expect(Object.keys(document.paths)).toEqual(
        expect.arrayContaining([
          '/uploads/presign',
          '/process',
          '/jobs/{jobId}',
          '/jobs',
          '/health',
          '/storage/{bucket}/{path}',
        ]),
      );
      const schemas = document.components.schemas;
      expect(schemas.SubmitJobRequest.properties.imageUrls.example).toBeDefined();
      expect(schemas.PresignUploadRequest.properties.filename.example).toBe('car-damage.jpg');
      expect(schemas.JobResponse.properties.detections).toBeDefined();
      expect(schemas.ErrorResponse.properties.errors).toBeDefined();
    });

    it('when /docs is opened, then the Swagger UI is served', async () => {
      const response = await fetch(`${api}/docs`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger');
    });
  });

  describe('GET /health', () => {
    it('when the store and the queue answer, then 200', async () => {
      const response = await fetch(`${api}/health`);
      expect(response.status).toBe(200);
      expect(await readJson(response)).toMatchObject({
        status: 'ok',
        info: { jobStore: { status: 'up' }, queue: { status: 'up' } },
      });
    });

    it('when the queue server is down, then 503 says the queue is down', async () => {
      await backend.queue.close();
      const response = await fetch(`${api}/health`);
      expect(response.status).toBe(503);
      expect(await readJson(response)).toMatchObject({ status: 'error', error: { queue: { status: 'down' } } });
    });
  });
});

describe('API rate limit per client address (self-hosted)', () => {
  const rateLimited = async (env: Record<string, string | number>) => {
    const backend = await startSelfHostedBackend('api-rate', { RATE_LIMIT_PER_MINUTE: 2, API_DOCS: 'false', ...env });
    const { app, url } = await startApi(backend.config);
    try {
      const statuses: number[] = [];
      for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        statuses.push(
          (await fetch(`${url}/jobs/00000000-0000-4000-8000-000000000000`, { headers: { 'x-forwarded-for': client } }))
            .status,
        );
      }
      return statuses;
    } finally {
      await app.close();
      await backend.close();
    }
  };

  it('when TRUST_PROXY is not set, then X-Forwarded-For cannot pick a fresh rate-limit bucket', async () => {
    expect(await rateLimited({})).toEqual([404, 404, 429]);
  });

  it('when TRUST_PROXY is true, then each forwarded client address has its own bucket', async () => {
    expect(await rateLimited({ TRUST_PROXY: 'true' })).toEqual([404, 404, 404]);
  });
});

describe('API CORS (CORS_ORIGINS)', () => {
  const preflight = async (env: Record<string, string>, origin: string) => {
    const backend = await startSelfHostedBackend('api-cors', { API_DOCS: 'false', ...env });
    const { app, url } = await startApi(backend.config);
    try {
      const options = await fetch(`${url}/process`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-api-key',
        },
      });
      const get = await fetch(`${url}/health`, { headers: { origin } });
      return { options, get };
    } finally {
      await app.close();
      await backend.close();
    }
  };

  it('when CORS_ORIGINS is not set, then no answer carries Access-Control headers', async () => {
    const { options, get } = await preflight({}, 'https://app.example.com');
    expect(options.headers.get('access-control-allow-origin')).toBeNull();
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('when the origin is listed, then the preflight allows it with the API key header and Location is exposed', async () => {
    const { options, get } = await preflight({ CORS_ORIGINS: 'https://app.example.com' }, 'https://app.example.com');
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(options.headers.get('access-control-allow-headers')).toContain('x-api-key');
    expect(get.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(get.headers.get('access-control-expose-headers')).toContain('location');
  });

  it('when the origin is not listed, then it is not allowed', async () => {
    const { get } = await preflight({ CORS_ORIGINS: 'https://app.example.com' }, 'https://evil.example.net');
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });
});
