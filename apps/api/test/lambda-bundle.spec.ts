import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleProcess, startBundle } from '../../../bench/lambda/bundle-process';
import { startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { REPO_ROOT } from '../../../test/support/test-env';
import { crc32, listZip } from '../lambda/zip.mjs';
import { headerOf, httpApiEvent, jsonOf, restEvent } from './lambda-events';

const MiB = 1024 * 1024;

/**
 * The packaged bundle, built into a temp dir by the same script as `npm run package:lambda` (from the tsc output
 * that `npm test` builds first), so the test never races anything reading dist/lambda.
 */
function packageInto(outDir: string): void {
  if (!existsSync(join(REPO_ROOT, 'dist', 'apps', 'api', 'src', 'lambda.js'))) execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(process.execPath, [join(REPO_ROOT, 'apps', 'api', 'lambda', 'package-lambda.mjs'), '--out', outDir], { cwd: REPO_ROOT, stdio: 'pipe' });
}

describe('Lambda bundle (npm run package:lambda)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'lambda-bundle-'));
  let zip: Buffer;
  let bundle: string;

  beforeAll(() => {
    packageInto(outDir);
    zip = readFileSync(join(outDir, 'lambda-deployment.zip'));
    bundle = readFileSync(join(outDir, 'lambda.js'), 'utf8');
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('when packaged, then the zip holds lambda.js at its root, byte for byte, next to the Swagger UI assets only', () => {
    const entries: { name: string; crc: number; size: number }[] = listZip(zip);
    const names = entries.map((entry) => entry.name);
    expect(names[0]).toBe('lambda.js');
    expect(names.filter((name) => !name.startsWith('swagger-ui/'))).toEqual(['lambda.js']);
    expect(names).toEqual(expect.arrayContaining(['swagger-ui/swagger-ui-bundle.js', 'swagger-ui/swagger-ui.css', 'swagger-ui/favicon-32x32.png']));
    const lambdaJs = readFileSync(join(outDir, 'lambda.js'));
    expect(entries[0]).toMatchObject({ size: lambdaJs.length, crc: crc32(lambdaJs) });
  });

  it('when packaged, then the system unzip accepts the archive', () => {
    const listing = execFileSync('unzip', ['-t', join(outDir, 'lambda-deployment.zip')], { encoding: 'utf8' });
    expect(listing).toMatch(/No errors detected/);
  });

  it('when packaged, then neither onnxruntime-node nor sharp nor any native .node module is inside', () => {
    expect(listZip(zip).filter((entry: { name: string }) => entry.name.endsWith('.node'))).toEqual([]);
    expect(bundle).not.toMatch(/onnxruntime/);
    expect(bundle).not.toMatch(/require\(["'](sharp|@img\/[^"']+)["']\)|node_modules\/(sharp|@img)\//);
    expect(bundle).not.toMatch(/\.node["']\)/);
    // better-sqlite3 (the self-hosted job store) is required by a computed name only if a SQLite store is opened.
    expect(bundle).not.toMatch(/require\(["']better-sqlite3["']\)|node_modules\/better-sqlite3\//);
  });

  it('when packaged, then the zip stays well under the 5 MiB target', () => {
    expect(zip.length).toBeLessThan(5 * MiB);
  });

  describe('loaded in a fresh Node process like the Lambda runtime does', () => {
    let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
    let lambda: BundleProcess;
    const nativeDir = join(outDir, 'native-modules');

    beforeAll(async () => {
      backend = await startSelfHostedBackend('lambda-bundle');
      // The bundle resolves nothing from the repo: only better-sqlite3, for the self-hosted job store this test uses.
      mkdirSync(nativeDir);
      symlinkSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3'), join(nativeDir, 'better-sqlite3'));
      lambda = await startBundle(join(outDir, 'lambda.js'), {
        AWS_LAMBDA_FUNCTION_NAME: 'image-detection-api',
        NODE_ENV: 'production',
        NODE_PATH: nativeDir,
        LOG_LEVEL: 'info',
        DATA_DIR: backend.dataDir,
        QUEUE_PORT: String(backend.config.queue.selfHosted.port),
        UPLOAD_SECRET: 'bundle-secret-bundle-secret-bundle-secret',
        PUBLIC_URL: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      });
    });

    afterAll(async () => {
      await lambda?.close();
      await backend?.close();
    });

    const invoke = async (event: unknown) => (await lambda.invoke(event)).result;

    it('when a client presigns, uploads, submits and polls with an API key, then every step answers and the job is the key\'s', async () => {
      const presigned = await invoke(restEvent({ method: 'POST', path: '/uploads/presign', body: { filename: 'cat.png', contentType: 'image/png' } }));
      expect(presigned.statusCode).toBe(200);
      const ticket = jsonOf(presigned);
      const url = new URL(ticket.url);
      const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#123456' } }).png().toBuffer();
      const uploaded = await invoke(
        httpApiEvent({ method: 'PUT', path: url.pathname.replace(/^\/prod/, ''), query: Object.fromEntries(url.searchParams), headers: { 'content-type': 'image/png' }, body: png }),
      );
      expect(uploaded.statusCode).toBe(200);

      const apiKey = { id: 'bundlekey1', value: 'bundle-api-key-secret-value' };
      const submitted = await invoke(restEvent({ method: 'POST', path: '/process', body: { imageUrls: [`s3://${ticket.bucket}/${ticket.key}`] }, apiKey }));
      expect(submitted.statusCode).toBe(200);
      const { jobId } = jsonOf(submitted);

      const read = await invoke(httpApiEvent({ method: 'GET', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId } }));
      expect(read.statusCode).toBe(200);
      expect(jsonOf(read)).toMatchObject({ jobId, status: 'PENDING', imageCount: 1 });
      const listed = await invoke(restEvent({ method: 'GET', path: '/jobs', query: { userId: apiKey.id } }));
      expect(jsonOf(listed).items.map((job: { jobId: string }) => job.jobId)).toEqual([jobId]);
      expect(await backend.queuedMessages()).toBe(1);
    });

    it('when asked for bad input, an unknown job and health, then 400, 404 and 200 as from the sources', async () => {
      const bad = await invoke(httpApiEvent({ method: 'POST', path: '/process', body: Buffer.from('{"imageUrls": "not-a-list"}'), headers: { 'content-type': 'application/json' } }));
      expect(bad.statusCode).toBe(400);
      expect(jsonOf(bad).errors).toContainEqual(expect.objectContaining({ field: 'imageUrls', rule: 'isArray' }));
      const jobId = randomUUID();
      const missing = await invoke(restEvent({ method: 'GET', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId } }));
      expect(missing.statusCode).toBe(404);
      const health = await invoke(httpApiEvent({ method: 'GET', path: '/health' }));
      expect(health.statusCode).toBe(200);
      expect(jsonOf(health).status).toBe('ok');
    });

    it('when the docs are asked for, then the OpenAPI document and the UI assets are served from the zip, and lambda.js is not', async () => {
      const document = await invoke(restEvent({ method: 'GET', path: '/docs-json' }));
      expect(document.statusCode).toBe(200);
      // keepNames: schema names survive bundling.
      expect(Object.keys(jsonOf(document).components.schemas)).toEqual(expect.arrayContaining(['SubmitJobRequest', 'JobResponse', 'ErrorResponse']));
      const icon = await invoke(httpApiEvent({ method: 'GET', path: '/docs/favicon-32x32.png' }));
      expect(icon.statusCode).toBe(200);
      expect(icon.isBase64Encoded).toBe(true);
      expect(Buffer.from(icon.body, 'base64').equals(readFileSync(join(outDir, 'swagger-ui', 'favicon-32x32.png')))).toBe(true);
      expect(headerOf(icon, 'content-type')).toBe('image/png');
      const code = await invoke(restEvent({ method: 'GET', path: '/docs/lambda.js' }));
      expect(code.statusCode).toBe(404);
    });

    it('when requests were served, then the access log says "request completed", never "request aborted"', () => {
      const messages = lambda
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line).msg);
      expect(messages).toContain('request completed');
      expect(messages).not.toContain('request aborted');
    });
  });
});
