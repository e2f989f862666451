import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsServer, startSqsServer } from '@app/sqs-server';
import { createWorkerApp, shutDownWorker } from '../apps/worker/src/create-worker-app';
import { startApi } from './support/self-hosted-services';
import { eventually, FIXTURES, freePort, readJson, tempDataDir, testConfig } from './support/test-env';

/** Every path under `dir` (itself included) with its permission bits, e.g. ['objects/', '700']. */
function modesUnder(dir: string): Array<[string, string]> {
  const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    return [path.slice(dir.length + 1) + (entry.isDirectory() ? '/' : ''), mode(path)] as [string, string];
  });
  return [['./', mode(dir)], ...entries];
}

describe('DATA_DIR is private (the queue server, the API and a worker all writing to it)', () => {
  const parent = tempDataDir('private');
  // A folder none of the apps finds: each creates what it needs.
  const dataDir = join(parent.dir, 'nested', 'data');
  let queue: SqsServer;
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let url: string;

  beforeAll(async () => {
    queue = await startSqsServer({ dataDir, port: 0 });
    const config = testConfig({
      DATA_DIR: dataDir,
      QUEUE_PORT: queue.port,
      PORT: await freePort(),
      WORKER_HEALTH_PORT: 0,
    });
    ({ app: api, url } = await startApi(config));
    worker = await createWorkerApp(config);
    await worker.listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    if (worker) await shutDownWorker(worker);
    await api?.close();
    await queue?.close();
    parent.remove();
  });

  it('when an image is uploaded and processed, then DATA_DIR and every folder in it are 0700 and every file 0600', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const ticket = await readJson(await post('/uploads/presign', { filename: 'cat.png', contentType: 'image/png' }));
    const put = await fetch(ticket.url, {
      method: 'PUT',
      headers: ticket.headers,
      body: readFileSync(join(FIXTURES, 'chelsea.png')),
    });
    expect(put.status).toBe(200);
    const { jobId } = await readJson(await post('/process', { imageUrls: [`s3://${ticket.bucket}/${ticket.key}`] }));
    await eventually(async () => {
      const job = await readJson(await fetch(`${url}/jobs/${jobId}`));
      return job.status === 'COMPLETED' ? job : undefined;
    }, 60_000);

    const modes = modesUnder(dataDir);
    const paths = modes.map(([path]) => path);
    // What the three processes keep there, so the check below covers each kind of file.
    expect(paths).toEqual(
      expect.arrayContaining([
        'jobs.sqlite',
        'jobs.sqlite-wal',
        'queue.sqlite',
        'upload-secret',
        'webhook-secret',
        `objects/.tmp/`,
      ]),
    );
    expect(
      paths.some((path) => path.startsWith('objects/image-processing-uploads/uploads/') && path.endsWith('cat.png')),
    ).toBe(true);
    expect(modes.filter(([path, mode]) => mode !== (path.endsWith('/') ? '700' : '600'))).toEqual([]);
  });
});
