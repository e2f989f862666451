import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { readJson } from '../../../test/support/test-env';

const BUCKET = 'image-processing-uploads';

describe('Self-hosted uploads: write once, no stalled bodies', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let app: NestFastifyApplication;
  let api: string;

  const presign = async (body: Record<string, unknown> = {}) => {
    const response = await fetch(`${api}/uploads/presign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ filename: 'photo.png', contentType: 'image/png', ...body }),
    });
    return { status: response.status, body: await readJson(response) };
  };
  const put = (ticket: { url: string; headers: Record<string, string> }, bytes: string) =>
    fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: bytes });
  const files = (folder: string) =>
    readdirSync(join(backend.dataDir, 'objects', folder), { recursive: true, withFileTypes: true }).filter((e) =>
      e.isFile(),
    );

  beforeAll(async () => {
    backend = await startSelfHostedBackend('upload-safety', {
      REQUEST_TIMEOUT_SECONDS: 1,
      MAX_UPLOAD_BYTES: 10_000_000,
    });
    ({ app, url: api } = await startApi(backend.config));
  });
  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  it('when an upload URL is used a second time, then 409 and the first upload stays', async () => {
    const { body: ticket } = await presign();
    expect((await put(ticket, 'first')).status).toBe(200);
    const again = await put(ticket, 'second!');
    expect(again.status).toBe(409);
    expect(await readJson(again)).toMatchObject({ statusCode: 409, error: 'Conflict' });
    const stored = await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: 'x' });
    expect(stored.status).toBe(409);
  });

  it('when eight PUTs to one upload URL run in parallel, then exactly one is stored and the others get 409', async () => {
    const { body: ticket } = await presign();
    const statuses = await Promise.all(Array.from({ length: 8 }, (_, i) => put(ticket, `body-${i}`))).then((rs) =>
      rs.map((r) => r.status),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(7);
  });

  it('when a size is declared, then the URL caps the upload at that size', async () => {
    const { status, body: ticket } = await presign({ size: 4 });
    expect(status).toBe(200);
    expect(ticket.maxBytes).toBe(4);
    expect((await put(ticket, 'five!')).status).toBe(413);
    expect((await put(ticket, 'four')).status).toBe(200);
  });

  it('when the declared size is over MAX_UPLOAD_BYTES, then 400 names size', async () => {
    const { status, body } = await presign({ size: 10_000_001 });
    expect(status).toBe(400);
    expect(body.errors).toEqual([expect.objectContaining({ field: 'size', rule: 'max' })]);
  });

  it('when an upload sends 1 KB of a declared 5 MB and stalls, then the API answers 408 and closes the socket within REQUEST_TIMEOUT_SECONDS, writing nothing', async () => {
    const { body: ticket } = await presign();
    const url = new URL(ticket.url);
    const storedBefore = files(BUCKET).length;
    const started = Date.now();
    const { answer, closedAfterMs } = await new Promise<{ answer: string; closedAfterMs: number }>(
      (resolve, reject) => {
        const socket = connect(Number(url.port), url.hostname, () => {
          socket.write(
            `PUT ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: image/png\r\n` +
              `Content-Length: ${5 * 1024 * 1024}\r\n\r\n`,
          );
          socket.write(Buffer.alloc(1024, 7));
        });
        let answer = '';
        socket.on('data', (chunk) => (answer += chunk.toString()));
        socket.on('error', reject);
        socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
        setTimeout(() => reject(new Error('the stalled upload was still open after 10 s')), 10_000).unref();
      },
    );
    console.log(`stalled upload closed after ${closedAfterMs} ms (REQUEST_TIMEOUT_SECONDS=1)`);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(5_000);
    // Give the aborted pipeline a moment to remove its temp file.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(files(BUCKET)).toHaveLength(storedBefore);
    expect(files('.tmp')).toHaveLength(0);
  });
});
