import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrape, sampleValue } from '../../../test/support/prometheus-text';
import { startApi, startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { uploadFixture } from '../../../test/support/upload-fixture';
import { eventually, readJson } from '../../../test/support/test-env';
import { createWorkerApp, shutDownWorker } from '../src/create-worker-app';

const series = (name: string) => `image_detection_${name}`;

describe('metrics (real API over HTTP, real worker, queue server, SQLite and the ONNX model)', () => {
  let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
  let api: NestFastifyApplication;
  let apiUrl: string;
  let worker: NestFastifyApplication;
  let workerUrl: string;

  beforeAll(async () => {
    backend = await startSelfHostedBackend('metrics');
    ({ app: api, url: apiUrl } = await startApi(backend.config));
    worker = await createWorkerApp(backend.config);
    await worker.listen(0, '127.0.0.1');
    workerUrl = await worker.getUrl();
  });

  afterAll(async () => {
    if (worker) await shutDownWorker(worker);
    await api?.close();
    await backend?.close();
  });

  /** Uploads a fixture through a presigned URL, submits a job for it and waits for the job to finish. */
  async function runJob(fixture: string): Promise<{ jobId: string; status: string }> {
    const imageUrl = await uploadFixture(apiUrl, fixture);
    const submitted = await readJson(
      await fetch(`${apiUrl}/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imageUrls: [imageUrl] }),
      }),
    );
    return eventually(async () => {
      const job = await readJson(await fetch(`${apiUrl}/jobs/${submitted.jobId}`));
      return job.status === 'COMPLETED' || job.status === 'FAILED' ? job : undefined;
    }, 60_000);
  }

  it('when requests are answered and a job runs, then the API and the worker series move by exactly what happened', async () => {
    const apiBefore = await scrape(`${apiUrl}/metrics`);
    const workerBefore = await scrape(`${workerUrl}/metrics`);
    // Every series a dashboard needs exists before any traffic (at zero).
    expect(sampleValue(workerBefore, series('images_processed_total'), { outcome: 'ok' })).toBe(0);
    expect(sampleValue(workerBefore, series('job_transitions_total'), { status: 'COMPLETED' })).toBe(0);

    const job = await runJob('chelsea.png');
    expect(job.status).toBe('COMPLETED');
    expect((await fetch(`${apiUrl}/jobs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${apiUrl}/no/such/route/${Date.now()}`)).status).toBe(404);

    const apiAfter = await scrape(`${apiUrl}/metrics`);
    const delta = (name: string, labels: Record<string, string>) =>
      (sampleValue(apiAfter, series(name), labels) ?? 0) - (sampleValue(apiBefore, series(name), labels) ?? 0);
    expect(delta('http_requests_total', { method: 'POST', route: '/process', status: '202' })).toBe(1);
    expect(delta('http_requests_total', { method: 'POST', route: '/uploads/presign', status: '200' })).toBe(1);
    // The route pattern, never the raw URL: every job id counts under one series.
    expect(
      delta('http_requests_total', { method: 'GET', route: '/jobs/:jobId', status: '200' }),
    ).toBeGreaterThanOrEqual(1);
    expect(delta('http_requests_total', { method: 'GET', route: '/jobs/:jobId', status: '404' })).toBe(1);
    expect(delta('http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    expect(apiAfter.some((s) => s.labels.route?.includes(job.jobId))).toBe(false);
    expect(delta('http_request_duration_seconds_count', { method: 'POST', route: '/process', status: '202' })).toBe(1);
    expect(delta('job_transitions_total', { status: 'PENDING' })).toBe(1);
    expect(sampleValue(apiAfter, 'process_resident_memory_bytes', { app: 'api' })).toBeGreaterThan(0);

    const workerAfter = await scrape(`${workerUrl}/metrics`);
    const workerDelta = (name: string, labels: Record<string, string> = {}) =>
      (sampleValue(workerAfter, series(name), labels) ?? 0) - (sampleValue(workerBefore, series(name), labels) ?? 0);
    expect(workerDelta('job_transitions_total', { status: 'PROCESSING' })).toBe(1);
    expect(workerDelta('job_transitions_total', { status: 'COMPLETED' })).toBe(1);
    expect(workerDelta('images_processed_total', { outcome: 'ok' })).toBe(1);
    expect(workerDelta('images_processed_total', { outcome: 'failed' })).toBe(0);
    expect(workerDelta('decode_seconds_count')).toBe(1);
    expect(workerDelta('inference_seconds_count')).toBe(1);
    expect(workerDelta('inference_seconds_sum')).toBeGreaterThan(0);
    expect(workerDelta('queue_receive_lag_seconds_count')).toBe(1);
    expect(workerDelta('queue_receive_lag_seconds_sum')).toBeLessThan(60);
  });

  it('when an image cannot be decoded, then it counts as a failed image and its job as FAILED', async () => {
    const before = await scrape(`${workerUrl}/metrics`);
    const presign = await readJson(
      await fetch(`${apiUrl}/uploads/presign`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ filename: 'garbage.png', contentType: 'image/png' }),
      }),
    );
    await fetch(presign.url, { method: 'PUT', headers: presign.headers, body: 'not an image at all' });
    const { jobId } = await readJson(
      await fetch(`${apiUrl}/process`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imageUrls: [`s3://${presign.bucket}/${presign.key}`] }),
      }),
    );
    await eventually(async () => {
      const job = await readJson(await fetch(`${apiUrl}/jobs/${jobId}`));
      return job.status === 'FAILED' ? job : undefined;
    }, 60_000);
    const after = await scrape(`${workerUrl}/metrics`);
    const delta = (name: string, labels: Record<string, string>) =>
      (sampleValue(after, series(name), labels) ?? 0) - (sampleValue(before, series(name), labels) ?? 0);
    expect(delta('images_processed_total', { outcome: 'failed' })).toBe(1);
    expect(delta('job_transitions_total', { status: 'FAILED' })).toBe(1);
  });

  it('when the dependencies answer, then liveness and readiness are 200 on both, and /health still answers as readiness', async () => {
    for (const base of [apiUrl, workerUrl]) {
      for (const path of ['/health/live', '/health/ready', '/health']) {
        const response = await fetch(`${base}${path}`);
        expect(response.status, `${base}${path}`).toBe(200);
      }
    }
    const ready = await readJson(await fetch(`${apiUrl}/health/ready`));
    expect(ready.info).toEqual({ jobStore: { status: 'up' }, queue: { status: 'up' } });
    expect(await readJson(await fetch(`${apiUrl}/health/live`))).toEqual({ status: 'ok' });
  });

  it('when the queue server is down, then readiness is 503 and liveness stays 200 (a dependency outage must not restart the process)', async () => {
    await backend.queue.close();
    const apiReady = await fetch(`${apiUrl}/health/ready`);
    expect(apiReady.status).toBe(503);
    expect((await readJson(apiReady)).error.queue.status).toBe('down');
    expect((await fetch(`${apiUrl}/health`)).status).toBe(503);
    expect((await fetch(`${apiUrl}/health/live`)).status).toBe(200);
    const workerReady = await fetch(`${workerUrl}/health/ready`);
    expect(workerReady.status).toBe(503);
    expect((await readJson(workerReady)).checks.queue).toBe('down');
    expect((await fetch(`${workerUrl}/health/live`)).status).toBe(200);
  });
});
