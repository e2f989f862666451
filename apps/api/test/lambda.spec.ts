import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordResults } from '../../../test/support/recorded-results';
import { startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { createHandler, handler as handlerFromEnvironment, LambdaHandler } from '../src/lambda';
import {
  EVENT_BUILDERS,
  EventFormat,
  headerOf,
  HttpCall,
  jsonOf,
  lambdaContext,
  ProxyResult,
  restEvent,
} from './lambda-events';

const ACME_KEY = { id: 'acmekey01', value: 'acme-api-key-value-0123456789abcdef' };
const GLOBEX_KEY = { id: 'globexkey01', value: 'globex-api-key-value-0123456789abcd' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Lambda handler (TS sources, self-hosted adapters, real queue server and SQLite)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let handler: LambdaHandler;
  let png: Buffer;

  beforeAll(async () => {
    backend = await startSelfHostedBackend('lambda', {
      UPLOAD_SECRET: 'lambda-secret-lambda-secret-lambda-secret',
      MAX_IMAGES_PER_JOB: 3,
      // Most tests here are about translating events; calls without an identity land in the default tenant.
      AUTH: 'none',
      API_KEY_TENANTS: `${ACME_KEY.id}=acme,${GLOBEX_KEY.id}=globex,backend-key=acme,a1b2c3d4e5=acme`,
    });
    // With Swagger UI (its assets are installed here): its PNGs are the binary answers the tests below need.
    handler = createHandler(backend.config, { docsUi: true });
    png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#aa3366' } })
      .png()
      .toBuffer();
  });

  afterAll(async () => {
    await backend?.close();
  });

  /** Sends one call as an API Gateway event of the given format; events run one at a time, as in a Lambda container. */
  const sendAs =
    (format: EventFormat) =>
    async (call: HttpCall): Promise<ProxyResult> =>
      (await handler(EVENT_BUILDERS[format](call), lambdaContext())) as ProxyResult;

  describe.each(Object.keys(EVENT_BUILDERS) as EventFormat[])('%s events', (format) => {
    const send = sendAs(format);
    const presign = async () =>
      jsonOf(
        await send({
          method: 'POST',
          path: '/uploads/presign',
          body: { filename: 'photo.png', contentType: 'image/png' },
        }),
      );
    /** Presigns, then PUTs the PNG to the presigned URL as a base64 binary body, like a client through the gateway. */
    const upload = async () => {
      const ticket = await presign();
      const url = new URL(ticket.url);
      const stored = await send({
        method: 'PUT',
        path: url.pathname,
        route: '/storage/{bucket}/{key+}',
        pathParameters: { bucket: ticket.bucket, key: ticket.key },
        query: Object.fromEntries(url.searchParams),
        headers: { 'content-type': 'image/png' },
        body: png,
      });
      expect(stored.statusCode).toBe(200);
      return `s3://${ticket.bucket}/${ticket.key}`;
    };
    const submit = (body: unknown, extra: Partial<HttpCall> = {}) =>
      send({ method: 'POST', path: '/process', body: body as object, ...extra });
    const listJobs = async (userId: string, extra: Partial<HttpCall> = {}) =>
      jsonOf(await send({ method: 'GET', path: '/jobs', query: { userId }, ...extra })).items.map(
        (job: { jobId: string }) => job.jobId,
      );

    it('when POST /uploads/presign has a valid JSON body, then 200 with a JSON upload ticket', async () => {
      const result = await send({
        method: 'POST',
        path: '/uploads/presign',
        body: { filename: 'car.jpg', contentType: 'image/jpeg' },
      });
      expect(result.statusCode).toBe(200);
      expect(result.isBase64Encoded).toBe(false);
      expect(headerOf(result, 'content-type')).toMatch(/^application\/json/);
      const ticket = jsonOf(result);
      expect(ticket).toMatchObject({
        bucket: 'image-processing-uploads',
        method: 'PUT',
        headers: { 'content-type': 'image/jpeg' },
      });
      expect(ticket.key).toMatch(/^uploads\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}-car\.jpg$/);
    });

    it('when POST /uploads/presign lacks contentType, then 400 names the field', async () => {
      const result = await send({ method: 'POST', path: '/uploads/presign', body: { filename: 'car.jpg' } });
      expect(result.statusCode).toBe(400);
      expect(jsonOf(result)).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(jsonOf(result).errors).toContainEqual(expect.objectContaining({ field: 'contentType', rule: 'isIn' }));
    });

    it('when an image is PUT as a base64 body to the presigned URL, then its bytes are stored as sent', async () => {
      const imageUrl = await upload();
      const key = imageUrl.replace('s3://image-processing-uploads/', '');
      expect(readFileSync(`${backend.dataDir}/objects/image-processing-uploads/${key}`).equals(png)).toBe(true);
    });

    it('when POST /process names an uploaded image, then 202 PENDING with a Location, and GET /jobs/{jobId} reads the job by path parameter', async () => {
      const submitted = await submit({
        imageUrls: [await upload()],
        userId: `user-${format}`,
        metadata: { source: 'lambda-spec' },
      });
      expect(submitted.statusCode).toBe(202);
      const body = jsonOf(submitted);
      expect(body).toMatchObject({ success: true, status: 'PENDING', imageCount: 1 });
      expect(body.jobId).toMatch(UUID);
      expect(headerOf(submitted, 'location')).toBe(`/jobs/${body.jobId}`);
      expect(headerOf(submitted, 'x-request-id')).toMatch(UUID);

      const read = await send({
        method: 'GET',
        path: `/jobs/${body.jobId}`,
        route: '/jobs/{jobId}',
        pathParameters: { jobId: body.jobId },
      });
      expect(read.statusCode).toBe(200);
      expect(headerOf(read, 'content-type')).toMatch(/^application\/json/);
      expect(jsonOf(read)).toMatchObject({ jobId: body.jobId, status: 'PENDING', imageCount: 1 });
    });

    it('when POST /process names a callbackUrl, then 202, and GET /jobs/{jobId} shows it with a pending webhook', async () => {
      const callbackUrl = `https://hooks.example.com/detections/${format.replace(/\W/g, '')}?token=t1`;
      const submitted = await submit({ imageUrls: [await upload()], userId: `hook-${format}`, callbackUrl });
      expect(submitted.statusCode).toBe(202);
      const { jobId } = jsonOf(submitted);
      const read = await send({
        method: 'GET',
        path: `/jobs/${jobId}`,
        route: '/jobs/{jobId}',
        pathParameters: { jobId },
      });
      expect(jsonOf(read)).toMatchObject({ jobId, callbackUrl, webhook: { status: 'pending', attempts: 0 } });
    });

    it('when POST /process names a callbackUrl with a password in it, then 400 names callbackUrl and the rule, and nothing is queued', async () => {
      const queuedBefore = await backend.queuedMessages();
      const result = await submit({
        imageUrls: [await upload()],
        callbackUrl: 'https://user:pw@hooks.example.com/x',
      });
      expect(result.statusCode).toBe(400);
      expect(jsonOf(result).errors).toEqual([expect.objectContaining({ field: 'callbackUrl', rule: 'noCredentials' })]);
      expect(await backend.queuedMessages()).toBe(queuedBefore);
    });

    it('when GET /webhooks/secret is called, then 200 with the tenant and its 64-hex-digit signing secret', async () => {
      const result = await send({ method: 'GET', path: '/webhooks/secret' });
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toMatchObject({ tenantId: 'default', secret: expect.stringMatching(/^[0-9a-f]{64}$/) });
    });

    it('when the POST /process body arrives base64-encoded, then it is decoded and the job is accepted', async () => {
      const result = await submit({ imageUrls: [await upload()], userId: `base64-${format}` }, { base64: true });
      expect(result.statusCode).toBe(202);
      expect(await listJobs(`base64-${format}`)).toEqual([jsonOf(result).jobId]);
    });

    it('when POST /process is sent twice with one Idempotency-Key, then 202 and then 200 replayed with the same job', async () => {
      const body = { imageUrls: [await upload()], userId: `idem-${format}` };
      const headers = { 'idempotency-key': `lambda-${format}-${randomUUID()}` };
      const first = await submit(body, { headers });
      const again = await submit(body, { headers });
      expect([first.statusCode, again.statusCode]).toEqual([202, 200]);
      expect(headerOf(again, 'idempotent-replayed')).toBe('true');
      expect(jsonOf(again).jobId).toBe(jsonOf(first).jobId);
      expect(await listJobs(`idem-${format}`)).toEqual([jsonOf(first).jobId]);
    });

    it('when POST /jobs/{jobId}/retry names a job still PENDING, then 409; an unknown job, 404', async () => {
      const { jobId } = jsonOf(await submit({ imageUrls: [await upload()], userId: `retry-${format}` }));
      const retry = (id: string) =>
        send({
          method: 'POST',
          path: `/jobs/${id}/retry`,
          route: '/jobs/{jobId}/retry',
          pathParameters: { jobId: id },
        });
      const pending = await retry(jobId);
      expect(pending.statusCode).toBe(409);
      expect(jsonOf(pending).message).toContain('only a COMPLETED or FAILED job can be retried');
      expect((await retry(randomUUID())).statusCode).toBe(404);
    });

    it('when DELETE /jobs/{jobId} names a PENDING job, then 200 CANCELLED, and a second DELETE is 409', async () => {
      const submitted = await submit({ imageUrls: [await upload()], userId: `cancel-${format}` });
      const { jobId } = jsonOf(submitted);
      const cancel = () =>
        send({ method: 'DELETE', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId } });
      const first = await cancel();
      expect(first.statusCode).toBe(200);
      expect(jsonOf(first)).toMatchObject({ jobId, status: 'CANCELLED', completedAt: expect.any(String) });
      const again = await cancel();
      expect(again.statusCode).toBe(409);
      expect(jsonOf(again)).toMatchObject({ statusCode: 409, message: expect.stringContaining('CANCELLED') });
    });

    it('when POST /process has no imageUrls, then 400 names imageUrls and nothing is queued', async () => {
      const queuedBefore = await backend.queuedMessages();
      const result = await submit({ userId: 'nobody' });
      expect(result.statusCode).toBe(400);
      expect(jsonOf(result).errors).toContainEqual(expect.objectContaining({ field: 'imageUrls' }));
      expect(await backend.queuedMessages()).toBe(queuedBefore);
    });

    it('when POST /process has malformed JSON, then 400 names the body and the json rule', async () => {
      const result = await send({
        method: 'POST',
        path: '/process',
        headers: { 'content-type': 'application/json' },
        body: '{"imageUrls": [',
      });
      expect(result.statusCode).toBe(400);
      expect(jsonOf(result).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'json' })]);
    });

    it('when POST /process names an image never uploaded, then 400 says so', async () => {
      const result = await submit({ imageUrls: ['s3://image-processing-uploads/uploads/2026/01/01/never-there.png'] });
      expect(result.statusCode).toBe(400);
      expect(jsonOf(result).errors).toContainEqual(expect.objectContaining({ field: 'imageUrls[0]' }));
    });

    it('when GET /jobs/{jobId} asks for format=coco or csv, then the detections in that format; another format, 400', async () => {
      const { jobId } = jsonOf(await submit({ imageUrls: [await upload()], userId: `export-${format}` }));
      await recordResults(backend.dataDir, jobId, [
        { width: 40, height: 30, detections: [{ label: 'cat', classId: 17, confidence: 0.9, bbox: [2, 3, 30, 25] }] },
      ]);
      const read = (query: Record<string, string>) =>
        send({ method: 'GET', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId }, query });
      const coco = await read({ format: 'coco' });
      expect(coco.statusCode).toBe(200);
      expect(jsonOf(coco)).toEqual([
        expect.objectContaining({ image_id: 0, category_id: 17, bbox: [2, 3, 28, 22], score: 0.9 }),
      ]);
      const csv = await read({ format: 'csv' });
      expect(csv.statusCode).toBe(200);
      expect(headerOf(csv, 'content-type')).toBe('text/csv; charset=utf-8');
      const text = csv.isBase64Encoded ? Buffer.from(csv.body, 'base64').toString('utf8') : csv.body;
      expect(text.split('\r\n')[1]).toMatch(new RegExp(`^${jobId},0,uploads/.*,cat,17,0.9,2,3,28,22,`));
      const bogus = await read({ format: 'yaml' });
      expect(bogus.statusCode).toBe(400);
      expect(jsonOf(bogus).errors).toEqual([expect.objectContaining({ field: 'format', rule: 'isIn' })]);
    });

    it('when GET /jobs/{jobId}/images/{index}/annotated names a done image, then 501: the Lambda bundle draws no images; a wrong index, 404', async () => {
      const { jobId } = jsonOf(await submit({ imageUrls: [await upload()], userId: `annotate-${format}` }));
      await recordResults(backend.dataDir, jobId, [
        { width: 40, height: 30, detections: [{ label: 'cat', classId: 17, confidence: 0.9, bbox: [2, 3, 30, 25] }] },
      ]);
      const annotated = (index: string) =>
        send({
          method: 'GET',
          path: `/jobs/${jobId}/images/${index}/annotated`,
          route: '/jobs/{jobId}/images/{index}/annotated',
          pathParameters: { jobId, index },
        });
      const done = await annotated('0');
      expect(done.statusCode).toBe(501);
      expect(jsonOf(done)).toMatchObject({ statusCode: 501, error: 'Not Implemented' });
      expect(jsonOf(done).message).toMatch(/carries no image library; read the boxes from GET \/jobs\/\{jobId\}/);
      expect((await annotated('1')).statusCode).toBe(404);
    });

    it('when GET /jobs/{jobId} names an unknown job, then 404 with the error body', async () => {
      const jobId = randomUUID();
      const result = await send({
        method: 'GET',
        path: `/jobs/${jobId}`,
        route: '/jobs/{jobId}',
        pathParameters: { jobId },
      });
      expect(result.statusCode).toBe(404);
      expect(jsonOf(result)).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it("when GET /jobs has userId and limit in the query string, then one page of that user's jobs, newest first, with a cursor", async () => {
      const userId = `pager-${format}`;
      const first = jsonOf(await submit({ imageUrls: [await upload()], userId })).jobId;
      const second = jsonOf(await submit({ imageUrls: [await upload()], userId })).jobId;
      expect(await listJobs(userId)).toEqual([second, first]);

      const page = await send({ method: 'GET', path: '/jobs', query: { userId, limit: '1' } });
      expect(page.statusCode).toBe(200);
      const body = jsonOf(page);
      expect(body.items.map((job: { jobId: string }) => job.jobId)).toEqual([second]);
      const next = jsonOf(
        await send({ method: 'GET', path: '/jobs', query: { userId, limit: '1', cursor: body.nextCursor } }),
      );
      expect(next.items.map((job: { jobId: string }) => job.jobId)).toEqual([first]);
    });

    it('when GET /jobs has no userId, then 400 names userId', async () => {
      const result = await send({ method: 'GET', path: '/jobs' });
      expect(result.statusCode).toBe(400);
      expect(jsonOf(result).errors).toContainEqual(expect.objectContaining({ field: 'userId' }));
    });

    it('when GET /health, then 200 with the job store and the queue up', async () => {
      const result = await send({ method: 'GET', path: '/health' });
      expect(result.statusCode).toBe(200);
      expect(jsonOf(result)).toMatchObject({
        status: 'ok',
        info: { jobStore: { status: 'up' }, queue: { status: 'up' } },
      });
    });

    it('when a route does not exist, then 404 in the service error shape', async () => {
      const result = await send({ method: 'GET', path: '/no/such/route' });
      expect(result.statusCode).toBe(404);
      expect(jsonOf(result)).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });

    it('when the answer is binary (a PNG of the API docs), then it comes base64-encoded and byte-exact', async () => {
      const result = await send({ method: 'GET', path: '/docs/favicon-32x32.png', headers: { accept: 'image/png' } });
      expect(result.statusCode).toBe(200);
      expect(headerOf(result, 'content-type')).toBe('image/png');
      expect(result.isBase64Encoded).toBe(true);
      const bytes = Buffer.from(result.body, 'base64');
      expect(bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
      expect(bytes.length).toBe(Number(headerOf(result, 'content-length')));
    });

    it('when the Cognito authorizer names the caller and the body has no userId, then the job belongs to the caller', async () => {
      const sub = randomUUID();
      const result = await submit({ imageUrls: [await upload()] }, { cognitoSub: sub });
      expect(result.statusCode).toBe(202);
      expect(await listJobs(sub, { cognitoSub: sub })).toEqual([jsonOf(result).jobId]);
    });

    it('when a signed-in user names another userId, then 403 names userId and nothing is stored', async () => {
      const sub = randomUUID();
      const result = await submit(
        { imageUrls: [await upload()], userId: `someone-else-${format}` },
        { cognitoSub: sub },
      );
      expect(result.statusCode).toBe(403);
      expect(jsonOf(result).errors).toContainEqual(expect.objectContaining({ field: 'userId', rule: 'ownUserId' }));
      expect(await backend.storedJobs(`someone-else-${format}`, `cognito:${sub}`)).toBe(0);
      expect(await backend.storedJobs(`someone-else-${format}`)).toBe(0);
    });

    it("when a signed-in user reads or lists another user's jobs, then the job is not found and the listing refused", async () => {
      const owner = randomUUID();
      const jobId = jsonOf(await submit({ imageUrls: [await upload()] }, { cognitoSub: owner })).jobId;
      const intruder = randomUUID();
      expect((await send({ method: 'GET', path: `/jobs/${jobId}`, cognitoSub: intruder })).statusCode).toBe(404);
      expect((await send({ method: 'GET', path: `/jobs/${jobId}`, cognitoSub: owner })).statusCode).toBe(200);
      expect(
        (await send({ method: 'GET', path: '/jobs', query: { userId: owner }, cognitoSub: intruder })).statusCode,
      ).toBe(403);
      const own = jsonOf(await send({ method: 'GET', path: '/jobs', query: { userId: owner }, cognitoSub: owner }));
      expect(own.items.map((job: { jobId: string }) => job.jobId)).toEqual([jobId]);
    });

    it("when an API key names a userId, then the job belongs to that user of the key's tenant (a trusted backend acting for its users)", async () => {
      const apiKey = { id: 'backend-key', value: 'backend-key-secret-value-0123' };
      const result = await submit({ imageUrls: [await upload()], userId: `explicit-${format}` }, { apiKey });
      expect(await listJobs(`explicit-${format}`, { apiKey })).toEqual([jsonOf(result).jobId]);
      // An HTTP API has no API keys: the header alone authenticates no one, so that job is the open API's.
      const tenant = format === 'REST v1' ? 'acme' : 'default';
      expect(await backend.storedJobs(`explicit-${format}`, tenant)).toBe(1);
      if (tenant === 'acme') expect(await listJobs(`explicit-${format}`)).toEqual([]);
    });
  });

  describe('REST v1 API keys', () => {
    const send = sendAs('REST v1');

    it('when the gateway checked an API key and the body has no userId, then the job belongs to the key id, never the key itself', async () => {
      const ticket = jsonOf(
        await send({ method: 'POST', path: '/uploads/presign', body: { filename: 'k.png', contentType: 'image/png' } }),
      );
      const url = new URL(ticket.url);
      const put = await send({
        method: 'PUT',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { 'content-type': 'image/png' },
        body: png,
      });
      expect(put.statusCode).toBe(200);
      const apiKey = { id: 'a1b2c3d4e5', value: 'secret-api-key-value-0123456789' };
      const result = await send({
        method: 'POST',
        path: '/process',
        body: { imageUrls: [`s3://${ticket.bucket}/${ticket.key}`] },
        apiKey,
      });
      expect(result.statusCode).toBe(202);
      const jobId = jsonOf(result).jobId;
      const listed = jsonOf(await send({ method: 'GET', path: '/jobs', query: { userId: apiKey.id }, apiKey }));
      expect(listed.items.map((job: { jobId: string }) => job.jobId)).toEqual([jobId]);
      expect(await backend.storedJobs(apiKey.value, 'acme')).toBe(0);
    });
  });

  describe.each(Object.keys(EVENT_BUILDERS) as EventFormat[])('%s events from two tenants', (format) => {
    const send = sendAs(format);
    // A REST API's keys map to tenants through API_KEY_TENANTS; an HTTP API has no keys: its tenants are Cognito
    // users, each a tenant of one.
    const tenants: Partial<HttpCall>[] =
      format === 'REST v1'
        ? [{ apiKey: ACME_KEY }, { apiKey: GLOBEX_KEY }]
        : [{ cognitoSub: randomUUID() }, { cognitoSub: randomUUID() }];
    // Behind keys, both tenants name the same userId: their listings must still differ.
    const userOf = (who: Partial<HttpCall>) => who.cognitoSub ?? `same-user-${format}`;
    const uploadAs = async (who: Partial<HttpCall>) => {
      const presigned = await send({
        method: 'POST',
        path: '/uploads/presign',
        body: { filename: 't.png', contentType: 'image/png' },
        ...who,
      });
      expect(presigned.statusCode).toBe(200);
      const ticket = jsonOf(presigned);
      const url = new URL(ticket.url);
      // The upload PUT is public: its URL is signed.
      const put = await send({
        method: 'PUT',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: { 'content-type': 'image/png' },
        body: png,
      });
      expect(put.statusCode).toBe(200);
      return `s3://${ticket.bucket}/${ticket.key}`;
    };
    const read = (jobId: string, who: Partial<HttpCall>) =>
      send({ method: 'GET', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId }, ...who });
    const list = async (who: Partial<HttpCall>) => {
      const result = await send({ method: 'GET', path: '/jobs', query: { userId: userOf(who) }, ...who });
      expect(result.statusCode).toBe(200);
      return jsonOf(result).items.map((job: { jobId: string }) => job.jobId);
    };

    it("when two tenants use every route, then each reads and lists only its own jobs and the other's read as 404", async () => {
      const jobIds: string[] = [];
      for (const who of tenants) {
        const submitted = await send({
          method: 'POST',
          path: '/process',
          body: { imageUrls: [await uploadAs(who)], userId: userOf(who) },
          ...who,
        });
        expect(submitted.statusCode).toBe(202);
        jobIds.push(jsonOf(submitted).jobId);
      }
      const [first, second] = tenants;
      expect((await read(jobIds[0], first)).statusCode).toBe(200);
      expect((await read(jobIds[1], second)).statusCode).toBe(200);
      const foreign = await read(jobIds[0], second);
      expect(foreign.statusCode).toBe(404);
      expect(jsonOf(foreign)).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: `job ${jobIds[0]} does not exist`,
      });
      expect((await read(jobIds[1], first)).statusCode).toBe(404);
      expect(await list(first)).toEqual([jobIds[0]]);
      expect(await list(second)).toEqual([jobIds[1]]);
      expect((await send({ method: 'GET', path: '/health' })).statusCode).toBe(200);
    });
  });

  describe('without AUTH=none (as deployed)', () => {
    let closed: LambdaHandler;
    beforeAll(() => {
      closed = createHandler({ ...backend.config, auth: { ...backend.config.auth, mode: 'api-keys' } });
    });
    const protectedRoutes: HttpCall[] = [
      { method: 'POST', path: '/uploads/presign', body: { filename: 'a.png', contentType: 'image/png' } },
      { method: 'POST', path: '/process', body: { imageUrls: ['s3://image-processing-uploads/uploads/a.png'] } },
      { method: 'GET', path: '/jobs', query: { userId: 'someone' } },
      { method: 'GET', path: `/jobs/${randomUUID()}` },
    ];

    it.each(Object.keys(EVENT_BUILDERS) as EventFormat[])(
      'when a %s event reaches a protected route with no identity, then 401 in the error shape; /health still answers',
      async (format) => {
        const queuedBefore = await backend.queuedMessages();
        for (const call of protectedRoutes) {
          const result = (await closed(EVENT_BUILDERS[format](call), lambdaContext())) as ProxyResult;
          expect(result.statusCode).toBe(401);
          expect(jsonOf(result)).toMatchObject({ statusCode: 401, error: 'Unauthorized', message: expect.any(String) });
        }
        expect(await backend.queuedMessages()).toBe(queuedBefore);
        const health = (await closed(
          EVENT_BUILDERS[format]({ method: 'GET', path: '/health' }),
          lambdaContext(),
        )) as ProxyResult;
        expect(health.statusCode).toBe(200);
      },
    );

    it('when a REST key the gateway accepted is not mapped to a tenant, then 401 on every protected route', async () => {
      const apiKey = { id: 'unmapped01', value: 'unmapped-key-value-0123456789abcdef' };
      for (const call of protectedRoutes) {
        const result = (await closed(restEvent({ ...call, apiKey }), lambdaContext())) as ProxyResult;
        expect(result.statusCode).toBe(401);
        expect(jsonOf(result).message).toMatch(/not assigned to a tenant/);
      }
    });

    it('when a REST key is mapped, then it is served in its tenant', async () => {
      const result = (await closed(
        restEvent({ method: 'GET', path: '/jobs', query: { userId: 'nobody' }, apiKey: ACME_KEY }),
        lambdaContext(),
      )) as ProxyResult;
      expect(result.statusCode).toBe(200);
    });
  });

  describe('with CORS_ORIGINS (the stack passes apiCorsOrigins)', () => {
    let withCors: LambdaHandler;
    beforeAll(() => {
      withCors = createHandler({
        ...backend.config,
        auth: { ...backend.config.auth, mode: 'api-keys' },
        api: { ...backend.config.api, corsOrigins: ['https://app.example.com'] },
      });
    });
    const preflight = (origin: string): HttpCall => ({
      method: 'OPTIONS',
      path: '/process',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key,idempotency-key',
      },
    });

    it.each(Object.keys(EVENT_BUILDERS) as EventFormat[])(
      'when a %s preflight without credentials comes from an allowed origin, then 204 allows the method and headers',
      async (format) => {
        const result = (await withCors(
          EVENT_BUILDERS[format](preflight('https://app.example.com')),
          lambdaContext(),
        )) as ProxyResult;
        expect(result.statusCode).toBe(204);
        expect(headerOf(result, 'access-control-allow-origin')).toBe('https://app.example.com');
        expect(headerOf(result, 'access-control-allow-methods')).toContain('POST');
        expect(headerOf(result, 'access-control-allow-headers')).toContain('idempotency-key');
      },
    );

    it.each(Object.keys(EVENT_BUILDERS) as EventFormat[])(
      'when a %s preflight comes from another origin, then no Access-Control-Allow-Origin is granted',
      async (format) => {
        const result = (await withCors(
          EVENT_BUILDERS[format](preflight('https://evil.example.net')),
          lambdaContext(),
        )) as ProxyResult;
        expect(headerOf(result, 'access-control-allow-origin')).toBeUndefined();
      },
    );
  });

  describe('the exported handler', () => {
    it('when configured from the environment, then it boots on the first event and answers it', async () => {
      const env = {
        DATA_DIR: backend.dataDir,
        QUEUE_PORT: String(backend.config.queue.selfHosted.port),
        LOG_LEVEL: 'silent',
        UPLOAD_SECRET: 'lambda-secret-lambda-secret-lambda-secret',
      };
      const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
      Object.assign(process.env, env);
      try {
        const result = (await handlerFromEnvironment(
          EVENT_BUILDERS['HTTP API v2']({ method: 'GET', path: '/health' }),
          lambdaContext(),
        )) as ProxyResult;
        expect(result.statusCode).toBe(200);
        expect(jsonOf(result).status).toBe('ok');
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });
  });
});
