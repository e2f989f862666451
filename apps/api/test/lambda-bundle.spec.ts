import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { fromBuffer as openZip, type Entry } from 'yauzl';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BundleProcess, startBundle } from '../../../bench/lambda/bundle-process';
import { startSelfHostedBackend } from '../../../test/support/self-hosted-services';
import { MOTO_CREDENTIALS, MOTO_REGION, MotoServer, startMoto, useMotoCredentials } from '../../../test/support/moto';
import { REPO_ROOT, testConfig } from '../../../test/support/test-env';
import { initAwsResources } from '../../aws-init/src/init-aws-resources';
import { httpApiEvent, jsonOf, restEvent } from './lambda-events';

const MiB = 1024 * 1024;

interface ZipEntry {
  name: string;
  crc: number;
  size: number;
  mode: number;
}

/** A zip's entries from its central directory, read by yauzl (another zip implementation than the writer, yazl). */
function listZip(zip: Buffer): Promise<ZipEntry[]> {
  return new Promise((resolve, reject) => {
    openZip(zip, { lazyEntries: false }, (error, archive) => {
      if (error) return reject(error);
      const entries: ZipEntry[] = [];
      archive.on('entry', (entry: Entry) =>
        entries.push({
          name: entry.fileName,
          crc: entry.crc32,
          size: entry.uncompressedSize,
          mode: (entry.externalFileAttributes >>> 16) & 0o7777,
        }),
      );
      archive.on('end', () => resolve(entries));
      archive.on('error', reject);
    });
  });
}

/** The packaged bundle, built by the same script as `npm run package:lambda` into a temp dir, so the test never races anything reading dist/lambda. */
function packageInto(outDir: string): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'apps', 'api', 'lambda', 'package-lambda.mjs'), '--out', outDir], {
    cwd: REPO_ROOT,
    stdio: 'pipe',
  });
}

/**
 * A temp dir with no node_modules above it, as /var/task has none: the bundle must find everything inside itself.
 * (A node_modules in /tmp, or a symlink to one, would otherwise serve what the bundle lacks.)
 */
function isolatedTempDir(prefix: string): string {
  const hasNodeModulesAbove = (dir: string): boolean =>
    existsSync(join(dir, 'node_modules')) || (dirname(dir) !== dir && hasNodeModulesAbove(dirname(dir)));
  const base = [tmpdir(), '/var/tmp', '/dev/shm'].find((dir) => existsSync(dir) && !hasNodeModulesAbove(dir));
  if (!base) throw new Error('no temp dir without a node_modules above it; remove the stray node_modules from /tmp');
  return mkdtempSync(join(base, prefix));
}

const API_KEY = { id: 'bundlekey1', value: 'bundle-api-key-secret-value' };

describe('Lambda bundle (npm run package:lambda)', () => {
  const outDir = isolatedTempDir('lambda-bundle-');
  let zip: Buffer;
  let entries: ZipEntry[];
  let lambdaJs: Buffer;
  let apiJs: Buffer;
  let bundle: string;

  beforeAll(async () => {
    packageInto(outDir);
    zip = readFileSync(join(outDir, 'lambda-deployment.zip'));
    entries = await listZip(zip);
    lambdaJs = readFileSync(join(outDir, 'lambda.js'));
    apiJs = readFileSync(join(outDir, 'api.js'));
    bundle = apiJs.toString('utf8');
  });

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('when packaged, then the zip holds the loader lambda.js, the bundle api.js and the model manifests at its root, byte for byte, and nothing else', () => {
    const names = entries.map((entry) => entry.name);
    // No Swagger UI assets (Lambda serves the document only) and, without --code-cache, no code cache.
    expect(names.filter((name) => !name.startsWith('models/'))).toEqual(['lambda.js', 'api.js']);
    // The registry's manifests, so the API validates `model` and lists models; never an ONNX file.
    expect(names.filter((name) => name.startsWith('models/'))).toEqual([
      'models/picodet-s-320/1/model.json',
      'models/picodet-s-416/1/model.json',
      'models/ssdlite/1/model.json',
      'models/yolox-nano/1/model.json',
    ]);
    expect(entries[0]).toMatchObject({ size: lambdaJs.length, crc: crc32(lambdaJs) });
    expect(entries[1]).toMatchObject({ size: apiJs.length, crc: crc32(apiJs) });
  });

  /** Loads a packaged lambda.js in a fresh Node (no bootstrap: no AWS_LAMBDA_FUNCTION_NAME) and says what V8 did. */
  const loadIn = (dir: string) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        [
          '-e',
          `const l = require(${JSON.stringify(join(dir, 'lambda.js'))});` +
            'console.log(JSON.stringify({ rejected: l.codeCache.rejected, handler: typeof l.handler }))',
        ],
        { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] },
      ),
    );

  it('when the code cache this Node made is next to the bundle, then V8 takes it', () => {
    expect(existsSync(join(outDir, 'api.js.cache'))).toBe(true);
    expect(loadIn(outDir)).toEqual({ rejected: false, handler: 'function' });
  });

  it('when the code cache does not fit (another V8, or damaged), then V8 refuses it and the bundle loads without it', () => {
    const other = isolatedTempDir('lambda-cache-');
    try {
      for (const file of ['lambda.js', 'api.js']) writeFileSync(join(other, file), readFileSync(join(outDir, file)));
      writeFileSync(join(other, 'api.js.cache'), Buffer.alloc(4096, 7));
      expect(loadIn(other)).toEqual({ rejected: true, handler: 'function' });
      rmSync(join(other, 'api.js.cache'));
      expect(loadIn(other)).toEqual({ handler: 'function' });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('when only the brotli-compressed bundle and top-level cache are shipped (--code-cache=top-level), then lambda.js decompresses both and V8 takes the cache', () => {
    const other = isolatedTempDir('lambda-top-level-');
    try {
      for (const file of ['lambda.js', 'api.js.br', 'api.js.cache.br'])
        writeFileSync(join(other, file), readFileSync(join(outDir, file)));
      expect(loadIn(other)).toEqual({ rejected: false, handler: 'function' });
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('when neither api.js nor api.js.br is there, then lambda.js says which file the package lacks', () => {
    const other = isolatedTempDir('lambda-empty-');
    try {
      writeFileSync(join(other, 'lambda.js'), lambdaJs);
      expect(() => loadIn(other)).toThrow(/api\.js \(or .*api\.js\.br\) is missing from the package/);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it("when packaged, then another zip implementation (Python's zipfile, as CI has python3) reads it with valid CRCs", () => {
    const script =
      'import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1])\nprint(z.testzip() or "ok")\nprint(len(z.read("lambda.js")))';
    const output = execFileSync('python3', ['-c', script, join(outDir, 'lambda-deployment.zip')], { encoding: 'utf8' });
    expect(output.split('\n').slice(0, 2)).toEqual(['ok', String(lambdaJs.length)]);
  });

  it('when packaged, then neither onnxruntime-node nor sharp nor any native .node module is inside', () => {
    expect(entries.filter((entry) => entry.name.endsWith('.node'))).toEqual([]);
    expect(bundle).not.toMatch(/onnxruntime/);
    expect(bundle).not.toMatch(/require\(["'](sharp|@img\/[^"']+)["']\)|node_modules\/(sharp|@img)\//);
    expect(bundle).not.toMatch(/\.node["']\)/);
    // better-sqlite3 (the self-hosted job store) is required by a computed name only if a SQLite store is opened.
    expect(bundle).not.toMatch(/require\(["']better-sqlite3["']\)|node_modules\/better-sqlite3\//);
  });

  it('when packaged, then the zip stays under the 1 MiB target, and so would the zip of --code-cache=top-level', () => {
    expect(zip.length).toBeLessThan(1 * MiB);
    const sizes = JSON.parse(readFileSync(join(outDir, 'zip-sizes.json'), 'utf8'));
    expect(sizes.plain).toBe(zip.length);
    expect(sizes['top-level']).toBeLessThan(1 * MiB);
  });

  describe('loaded in a fresh Node process like the Lambda runtime, in AWS mode against moto', () => {
    let moto: MotoServer;
    let lambda: BundleProcess;
    const env = (endpoint: string) => ({
      S3_BUCKET: 'bundle-uploads',
      S3_FORCE_PATH_STYLE: 'true',
      JOBS_TABLE_NAME: 'bundle-jobs',
      SQS_QUEUE_URL: `${endpoint}/123456789012/bundle-jobs`,
      AWS_ENDPOINT_URL: endpoint,
      AWS_REGION: MOTO_REGION,
    });

    beforeAll(async () => {
      useMotoCredentials();
      moto = await startMoto();
      await initAwsResources(testConfig(env(moto.endpoint)), { log: () => {} });
      // Nothing but the bundle: no node_modules to fall back on, as in /var/task.
      lambda = await startBundle(join(outDir, 'lambda.js'), {
        ...env(moto.endpoint),
        AWS_LAMBDA_FUNCTION_NAME: 'image-detection-api',
        // As deployed: the gateway's key ids map to tenants, and a call with no identity is refused.
        API_KEY_TENANTS: `${API_KEY.id}=acme`,
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
      });
    });

    afterAll(async () => {
      await lambda?.close();
      await moto?.close();
    });

    const invoke = async (event: unknown) => (await lambda.invoke(event)).result;
    const apiKey = API_KEY;
    // An HTTP API has no API keys: its callers are Cognito users, each a tenant of one.
    const cognitoSub = 'bundle-user-sub';

    it("when a client presigns, uploads to S3, submits and polls with an API key, then every step answers and the job is the key's", async () => {
      const png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#123456' } })
        .png()
        .toBuffer();
      const presigned = await invoke(
        restEvent({
          method: 'POST',
          path: '/uploads/presign',
          body: { filename: 'cat.png', contentType: 'image/png', size: png.length },
          apiKey,
        }),
      );
      expect(presigned.statusCode).toBe(200);
      const ticket = jsonOf(presigned);
      expect(ticket.url.startsWith(`${moto.endpoint}/bundle-uploads/uploads/`)).toBe(true);
      expect(
        (await fetch(ticket.url, { method: 'PUT', headers: ticket.headers, body: new Uint8Array(png) })).status,
      ).toBe(200);

      const submitted = await invoke(
        restEvent({
          method: 'POST',
          path: '/process',
          body: { imageUrls: [`s3://${ticket.bucket}/${ticket.key}`], model: 'yolox-nano', classes: ['cat'] },
          apiKey,
        }),
      );
      expect(submitted.statusCode).toBe(202);
      const { jobId } = jsonOf(submitted);

      const read = await invoke(
        restEvent({ method: 'GET', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId }, apiKey }),
      );
      expect(read.statusCode).toBe(200);
      expect(jsonOf(read)).toMatchObject({ jobId, status: 'PENDING', imageCount: 1 });
      // Resolved from the manifests inside the zip (the process runs in the bundle's folder, as in /var/task).
      expect(jsonOf(read).options).toMatchObject({ model: 'yolox-nano@1', classes: ['cat'] });
      const models = await invoke(restEvent({ method: 'GET', path: '/models', apiKey }));
      expect(jsonOf(models).models.map((m: { ref: string }) => m.ref)).toContain('picodet-s-416@1');
      // Another tenant (a Cognito user) cannot read it.
      const foreign = await invoke(
        httpApiEvent({
          method: 'GET',
          path: `/jobs/${jobId}`,
          route: '/jobs/{jobId}',
          pathParameters: { jobId },
          cognitoSub,
        }),
      );
      expect(foreign.statusCode).toBe(404);
      const listed = await invoke(restEvent({ method: 'GET', path: '/jobs', query: { userId: apiKey.id }, apiKey }));
      expect(jsonOf(listed).items.map((job: { jobId: string }) => job.jobId)).toEqual([jobId]);
      // class-transformer's @Type turns the query string's "1" into a number: its metadata survived bundling.
      const paged = await invoke(
        restEvent({ method: 'GET', path: '/jobs', query: { userId: apiKey.id, limit: '1' }, apiKey }),
      );
      expect(paged.statusCode).toBe(200);
      expect(jsonOf(paged).items).toHaveLength(1);
    });

    it('when a client uploads with a presigned POST form, then S3 takes it and the job is accepted', async () => {
      const ticket = jsonOf(
        await invoke(
          httpApiEvent({
            method: 'POST',
            path: '/uploads/presign-post',
            body: { filename: 'form.png', contentType: 'image/png' },
            cognitoSub,
          }),
        ),
      );
      const form = new FormData();
      for (const [name, value] of Object.entries(ticket.fields as Record<string, string>)) form.append(name, value);
      const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#654321' } })
        .png()
        .toBuffer();
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'form.png');
      expect((await fetch(ticket.url, { method: 'POST', body: form })).status).toBeLessThan(300);
      const submitted = await invoke(
        httpApiEvent({
          method: 'POST',
          path: '/process',
          body: { imageUrls: [`s3://${ticket.bucket}/${ticket.key}`] },
          base64: true,
          cognitoSub,
        }),
      );
      expect(submitted.statusCode).toBe(202);
    });

    it('when asked for bad input, a missing upload, an unknown job and health, then 400, 400, 404 and 200 as from the sources', async () => {
      const bad = await invoke(
        httpApiEvent({
          method: 'POST',
          path: '/process',
          body: Buffer.from('{"imageUrls": "not-a-list"}'),
          headers: { 'content-type': 'application/json' },
          cognitoSub,
        }),
      );
      expect(bad.statusCode).toBe(400);
      expect(jsonOf(bad).errors).toContainEqual(expect.objectContaining({ field: 'imageUrls', rule: 'isArray' }));
      const notUploaded = await invoke(
        restEvent({
          method: 'POST',
          path: '/process',
          body: { imageUrls: ['s3://bundle-uploads/uploads/2026/11/28/never.png'] },
          apiKey,
        }),
      );
      expect(notUploaded.statusCode).toBe(400);
      expect(jsonOf(notUploaded).errors[0]).toMatchObject({ field: 'imageUrls[0]', rule: 'exists' });
      const jobId = randomUUID();
      const missing = await invoke(
        restEvent({ method: 'GET', path: `/jobs/${jobId}`, route: '/jobs/{jobId}', pathParameters: { jobId }, apiKey }),
      );
      expect(missing.statusCode).toBe(404);
      const anonymous = await invoke(restEvent({ method: 'GET', path: '/jobs', query: { userId: 'x' } }));
      expect(anonymous.statusCode).toBe(401);
      const health = await invoke(httpApiEvent({ method: 'GET', path: '/health' }));
      expect(health.statusCode).toBe(200);
      expect(jsonOf(health).status).toBe('ok');
    });

    // The bundle keeps only the class-validator decorators the DTOs use (slim-class-validator.mjs): each must still
    // run, with the whitelist, the API's own rules and the messages of the sources.
    it.each([
      [{ contentType: 'image/png', size: 10 }, 'filename', 'isString', 'filename must be a string'],
      [{ filename: '', contentType: 'image/png', size: 10 }, 'filename', 'isNotEmpty', 'filename should not be empty'],
      [{ filename: `${'a'.repeat(256)}.png`, contentType: 'image/png', size: 10 }, 'filename', 'maxLength', undefined],
      [{ filename: '../x.png', contentType: 'image/png', size: 10 }, 'filename', 'noPathSeparators', undefined],
      [{ filename: 'a\u0000.png', contentType: 'image/png', size: 10 }, 'filename', 'noControlCharacters', undefined],
      [{ filename: 'a.txt', contentType: 'text/plain', size: 10 }, 'contentType', 'isIn', undefined],
      [{ filename: 'a.png', contentType: 'image/png', size: 1.5 }, 'size', 'isInt', 'size must be an integer number'],
      [{ filename: 'a.png', contentType: 'image/png', size: 0 }, 'size', 'min', 'size must not be less than 1'],
      [{ filename: 'a.png', contentType: 'image/png', size: 10, extra: 1 }, 'extra', 'whitelistValidation', undefined],
    ])(
      'when the bundle is sent the presign body %j, then 400 names %s and rule %s',
      async (body, field, rule, message) => {
        const result = await invoke(restEvent({ method: 'POST', path: '/uploads/presign', body, apiKey }));
        expect(result.statusCode).toBe(400);
        expect(jsonOf(result).errors).toContainEqual(
          expect.objectContaining({ field, rule, ...(message ? { message } : {}) }),
        );
      },
    );

    it('when the docs are asked for, then the OpenAPI document is served, and no Swagger UI (the zip has none) nor any file of the zip', async () => {
      const document = await invoke(restEvent({ method: 'GET', path: '/docs-json' }));
      expect(document.statusCode).toBe(200);
      // keepNames: schema names survive bundling.
      expect(Object.keys(jsonOf(document).components.schemas)).toEqual(
        expect.arrayContaining(['SubmitJobRequest', 'JobResponse', 'ErrorResponse']),
      );
      // The bundle loads js-yaml on this first request for the YAML form, not at start (lazy-requires.mjs).
      const yaml = await invoke(restEvent({ method: 'GET', path: '/docs-yaml' }));
      expect(yaml.statusCode).toBe(200);
      const yamlText = yaml.isBase64Encoded ? Buffer.from(yaml.body, 'base64').toString('utf8') : yaml.body;
      expect(yamlText).toMatch(/^openapi: 3\./);
      expect(yamlText).toContain('SubmitJobRequest:');
      const ui = await invoke(httpApiEvent({ method: 'GET', path: '/docs' }));
      expect(ui.statusCode).toBe(404);
      for (const file of ['favicon-32x32.png', 'lambda.js', 'api.js']) {
        const asset = await invoke(restEvent({ method: 'GET', path: `/docs/${file}` }));
        expect(asset.statusCode).toBe(404);
      }
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

  describe('run self-hosted (not its purpose)', () => {
    let backend: Awaited<ReturnType<typeof startSelfHostedBackend>>;
    beforeAll(async () => {
      backend = await startSelfHostedBackend('lambda-bundle');
    });
    afterAll(async () => {
      await backend?.close();
    });
    const selfHostedEnv = () => ({
      AWS_LAMBDA_FUNCTION_NAME: 'image-detection-api',
      LOG_LEVEL: 'silent',
      DATA_DIR: backend.dataDir,
      QUEUE_PORT: String(backend.config.queue.selfHosted.port),
    });

    it('when better-sqlite3 cannot be found, then the first event fails with what to configure', async () => {
      const lambda = await startBundle(join(outDir, 'lambda.js'), selfHostedEnv());
      try {
        await expect(lambda.invoke(httpApiEvent({ method: 'GET', path: '/health' }))).rejects.toThrow(
          /no SQLite job store.*set JOBS_TABLE_NAME/,
        );
      } finally {
        await lambda.close();
      }
    });

    it('when better-sqlite3 is offered (and only it), then the bundle serves from the SQLite store', async () => {
      const nativeDir = join(outDir, 'native-modules');
      mkdirSync(nativeDir, { recursive: true });
      symlinkSync(join(REPO_ROOT, 'node_modules', 'better-sqlite3'), join(nativeDir, 'better-sqlite3'));
      const lambda = await startBundle(join(outDir, 'lambda.js'), { ...selfHostedEnv(), NODE_PATH: nativeDir });
      try {
        const health = (await lambda.invoke(httpApiEvent({ method: 'GET', path: '/health' }))).result;
        expect(health.statusCode).toBe(200);
        expect(jsonOf(health).info.jobStore.status).toBe('up');
      } finally {
        await lambda.close();
      }
    });
  });
});
