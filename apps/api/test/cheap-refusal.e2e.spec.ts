import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { readJson } from '../../../test/support/test-env';

const BUCKET = 'image-processing-uploads';
const MiB = 1024 * 1024;

/** The body of issue 13: ~95,000 metadata keys, just under 1 MiB. */
function manyKeysBody(): Buffer {
  const metadata: Record<string, number> = {};
  for (let i = 0; i < 95_000; i++) metadata[`k${i}`] = i % 10;
  return Buffer.from(JSON.stringify({ imageUrls: [`s3://${BUCKET}/uploads/a.png`], metadata }));
}

interface Figures {
  statuses: number[];
  cpuMsPerRequest: number;
  healthMs: number[];
}

/**
 * Sends `body` four at a time, `rounds` times, while /health is asked every 5 ms; CPU is the whole process's
 * (API, queue server and client together, so an upper bound for the API alone).
 */
async function underLoad(api: string, body: Buffer, rounds = 5): Promise<Figures> {
  const healthMs: number[] = [];
  let loading = true;
  const prober = (async () => {
    while (loading) {
      const started = performance.now();
      const response = await fetch(`${api}/health`);
      await response.arrayBuffer();
      healthMs.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  const statuses: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < rounds; round++) {
    const answers = await Promise.all(
      Array.from({ length: 4 }, async () => {
        const response = await fetch(`${api}/process`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        await response.arrayBuffer();
        return response.status;
      }),
    );
    statuses.push(...answers);
  }
  const cpu = process.cpuUsage(cpuBefore);
  loading = false;
  await prober;
  return { statuses, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / statuses.length, healthMs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const report = (label: string, f: Figures) =>
  console.log(
    `${label}: ${f.cpuMsPerRequest.toFixed(2)} ms CPU per refused request; /health median ${median(f.healthMs).toFixed(1)} ms, max ${Math.max(...f.healthMs).toFixed(1)} ms over ${f.healthMs.length} probes`,
  );

describe.each([
  ['the default body limit', {}, 413],
  ['MAX_BODY_BYTES raised to 2 MiB', { MAX_BODY_BYTES: 2 * MiB }, 400],
])('Refusing hostile bodies is cheap, with %s', (label, env, expectedStatus) => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let app: NestFastifyApplication;
  let api: string;

  let idleHealthMs: number;

  beforeAll(async () => {
    backend = await startSelfHostedBackend('cheap-refusal', env);
    ({ app, url: api } = await startApi(backend.config));
    const idle: number[] = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await (await fetch(`${api}/health`)).arrayBuffer();
      idle.push(performance.now() - started);
    }
    idleHealthMs = median(idle.slice(5));
    console.log(`/health with nothing else in flight: median ${idleHealthMs.toFixed(1)} ms`);
  });

  /**
   * The target is /health under 50 ms with four hostile bodies in flight; on a quiet machine the median is 10-15 ms.
   * Here the client, the queue server and the API share one event loop, which the back-to-back requests keep
   * busy, on a machine other work shares too: wall times stretch with the load, so the bound is the target plus
   * /health's own idle time just before, with a margin of four. Before the fix /health took seconds (5.8 s in issue
   * 13), which both bounds catch; the CPU figure above is the one that does not depend on the machine's load.
   */
  const expectHealthy = (figures: Figures) => {
    expect(median(figures.healthMs)).toBeLessThan(4 * (50 + idleHealthMs));
    expect(Math.max(...figures.healthMs)).toBeLessThan(1500);
  };
  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  it('when four ~95,000-key bodies are in flight at a time, then each is refused within 20 ms of CPU and /health answers within 50 ms', async () => {
    const body = manyKeysBody();
    expect(body.length).toBeLessThan(MiB);
    await underLoad(api, body, 1); // warm-up: JIT and connections, not measured
    const figures = await underLoad(api, body, 20);
    report(`95,000 keys, ${label}`, figures);
    expect(new Set(figures.statuses)).toEqual(new Set([expectedStatus]));
    expect(figures.cpuMsPerRequest).toBeLessThan(20);
    expectHealthy(figures);
    expect(await backend.queuedMessages()).toBe(0);
  });

  it('when the body is the largest shape the checks let through (50 images, 1,000 metadata keys), then class-validator and the store checks still answer within 20 ms of CPU', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i]));
    const imageUrls = Array.from({ length: 50 }, (_, i) => `s3://${BUCKET}/uploads/2026/11/28/missing-${i}.png`);
    const body = Buffer.from(JSON.stringify({ imageUrls, userId: 'user-shape', metadata }));
    await underLoad(api, body, 1);
    const figures = await underLoad(api, body, 10);
    report(`50 images + 1,000 metadata keys (${body.length} bytes), ${label}`, figures);
    expect(new Set(figures.statuses)).toEqual(new Set([400]));
    expect(figures.cpuMsPerRequest).toBeLessThan(20);
    expectHealthy(figures);
  });
});

describe('Body shape checks before validation', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let app: NestFastifyApplication;
  let api: string;
  const post = (body: unknown) =>
    fetch(`${api}/process`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    backend = await startSelfHostedBackend('body-shape', { MAX_BODY_BYTES: 2 * MiB, MAX_IMAGES_PER_JOB: 3 });
    ({ app, url: api } = await startApi(backend.config));
  });
  afterAll(async () => {
    await app?.close();
    await backend?.close();
  });

  it('when the body holds 95,000 metadata keys, then 400 names the body and the maxNodes rule', async () => {
    const response = await post(manyKeysBody().toString());
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors).toEqual([expect.objectContaining({ field: 'body', rule: 'maxNodes' })]);
  });

  it('when metadata holds 1,001 keys, then 400 names metadata and the maxKeys rule', async () => {
    const metadata = Object.fromEntries(Array.from({ length: 1001 }, (_, i) => [`k${i}`, 1]));
    const response = await post({ imageUrls: [`s3://${BUCKET}/uploads/a.png`], metadata });
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors).toEqual([
      expect.objectContaining({ field: 'metadata', rule: 'maxKeys' }),
    ]);
  });

  it('when metadata is over 16 KiB in few keys, then 400 names metadata and the maxJsonBytes rule', async () => {
    const response = await post({
      imageUrls: [`s3://${BUCKET}/uploads/a.png`],
      metadata: { note: 'x'.repeat(17_000) },
    });
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors).toEqual([
      expect.objectContaining({ field: 'metadata', rule: 'maxJsonBytes' }),
    ]);
  });

  it('when imageUrls holds more than MAX_IMAGES_PER_JOB entries, then 400 names imageUrls and arrayMaxSize', async () => {
    const response = await post({ imageUrls: Array.from({ length: 4 }, (_, i) => `s3://${BUCKET}/uploads/${i}.png`) });
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors).toEqual([
      expect.objectContaining({ field: 'imageUrls', rule: 'arrayMaxSize' }),
    ]);
  });

  it('when strings hold commas and brackets, then they are not counted as keys or nesting', async () => {
    const metadata = { note: '{[,'.repeat(4000), quoted: '"\\"[[[' };
    const response = await post({ imageUrls: [`s3://${BUCKET}/uploads/missing.png`], metadata });
    // Past the shape checks: refused only because the image was never uploaded.
    expect(response.status).toBe(400);
    expect((await readJson(response)).errors).toEqual([
      expect.objectContaining({ field: 'imageUrls[0]', rule: 'exists' }),
    ]);
  });
});
