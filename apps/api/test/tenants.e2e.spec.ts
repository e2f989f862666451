import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { statSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyFile } from '@app/tenants';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { readJson } from '../../../test/support/test-env';

describe('API with self-hosted API keys and two tenants (real queue server, SQLite, key file)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let app: NestFastifyApplication;
  let api: string;
  let png: Buffer;
  let keys: ApiKeyFile;
  let acme: string;
  let globex: string;

  const call = (method: string, path: string, key?: string, body?: unknown) =>
    fetch(`${api}${path}`, {
      method,
      headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(key && { 'x-api-key': key }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const upload = async (key: string) => {
    const presigned = await call('POST', '/uploads/presign', key, { filename: 'p.png', contentType: 'image/png' });
    expect(presigned.status).toBe(200);
    const ticket = await readJson(presigned);
    // The PUT carries no key: its URL is signed.
    const put = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: png });
    expect(put.status).toBe(200);
    return `s3://${ticket.bucket}/${ticket.key}`;
  };
  const submit = async (key: string, userId?: string) => {
    const response = await call('POST', '/process', key, { imageUrls: [await upload(key)], ...(userId && { userId }) });
    expect(response.status).toBe(200);
    return (await readJson(response)).jobId as string;
  };
  const listed = async (key: string, userId: string) => {
    const response = await call('GET', `/jobs?userId=${encodeURIComponent(userId)}`, key);
    expect(response.status).toBe(200);
    return (await readJson(response)).items.map((job: { jobId: string }) => job.jobId);
  };

  beforeAll(async () => {
    backend = await startSelfHostedBackend('tenants', { UPLOAD_SECRET: 'tenants-secret-tenants-secret-tenants' });
    ({ app, url: api } = await startApi(backend.config));
    png = await sharp({ create: { width: 32, height: 24, channels: 3, background: '#227744' } })
      .png()
      .toBuffer();
    keys = new ApiKeyFile(backend.config.auth.apiKeysFile);
  });
  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  it('when the key file holds no key and HOST is loopback, then the API is open', async () => {
    expect(
      (await call('POST', '/uploads/presign', undefined, { filename: 'a.png', contentType: 'image/png' })).status,
    ).toBe(200);
  });

  it('when keys are created while the API runs, then the next request needs one: none or a wrong one is 401 in the error shape', async () => {
    acme = keys.create({ tenant: 'acme', label: 'acme backend' }).key;
    globex = keys.create({ tenant: 'globex' }).key;
    expect(statSync(backend.config.auth.apiKeysFile).mode & 0o777).toBe(0o600);
    const routes: [string, string, unknown?][] = [
      ['POST', '/uploads/presign', { filename: 'a.png', contentType: 'image/png' }],
      ['POST', '/process', { imageUrls: ['s3://image-processing-uploads/uploads/a.png'] }],
      ['GET', '/jobs?userId=alice'],
      ['GET', '/jobs/0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55'],
    ];
    const queuedBefore = await backend.queuedMessages();
    for (const [method, path, body] of routes) {
      for (const key of [undefined, 'idk_not-a-key', acme.slice(0, -1)]) {
        const response = await call(method, path, key, body);
        expect(response.status).toBe(401);
        expect(await readJson(response)).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message: expect.any(String),
        });
      }
    }
    expect(await backend.queuedMessages()).toBe(queuedBefore);
    expect((await call('GET', '/health')).status).toBe(200);
  });

  it("when two tenants use every route with their keys, then each reads and lists only its own jobs; the other's read as 404", async () => {
    const acmeJob = await submit(acme, 'alice');
    const globexJob = await submit(globex, 'alice');

    expect((await call('GET', `/jobs/${acmeJob}`, acme)).status).toBe(200);
    expect((await call('GET', `/jobs/${globexJob}`, globex)).status).toBe(200);
    const foreign = await call('GET', `/jobs/${acmeJob}`, globex);
    expect(foreign.status).toBe(404);
    expect(await readJson(foreign)).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: `job ${acmeJob} does not exist`,
    });
    expect((await call('GET', `/jobs/${globexJob}`, acme)).status).toBe(404);

    expect(await listed(acme, 'alice')).toEqual([acmeJob]);
    expect(await listed(globex, 'alice')).toEqual([globexJob]);
    expect(await backend.storedJobs('alice', 'acme')).toBe(1);
    expect(await backend.storedJobs('alice', 'default')).toBe(0);
  });

  it('when a key submits without a userId, then the job belongs to the key id within its tenant', async () => {
    const [acmeInfo] = keys.list().filter((info) => info.tenant === 'acme');
    const jobId = await submit(acme);
    expect(await listed(acme, acmeInfo.id)).toEqual([jobId]);
    expect(await listed(globex, acmeInfo.id)).toEqual([]);
  });

  it('when a key is revoked, then its next request is 401 and the other tenant is unaffected', async () => {
    const [globexInfo] = keys.list().filter((info) => info.tenant === 'globex');
    keys.revoke(globexInfo.id);
    expect((await call('GET', '/jobs?userId=alice', globex)).status).toBe(401);
    expect((await call('GET', '/jobs?userId=alice', acme)).status).toBe(200);
  });
});
