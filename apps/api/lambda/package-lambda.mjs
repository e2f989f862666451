#!/usr/bin/env node
// Packages the API for AWS Lambda: <out>/lambda.js (handler `lambda.handler`) and <out>/lambda-deployment.zip
// holding it at its root (no Swagger UI assets: on Lambda /docs-json serves the document, /docs no UI). `npm run package:lambda`; needs nothing built before.
// Usage: node apps/api/lambda/package-lambda.mjs [--out dist/lambda] [--code-cache[=top-level]]
// --code-cache also puts api.js.cache (V8's code cache after the first events, see make-code-cache.cjs) in the zip:
// the fastest cold start, for a zip of about 2.2 MiB. --code-cache=top-level ships the bundle and the cache of its top
// level brotli-compressed instead (api.js.br, api.js.cache.br, which lambda.js decompresses): under 1 MiB, a smaller
// gain. Either pays only where the Lambda runtime runs this Node's V8 (package with the runtime's Node version).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { bundleLambda } from './bundle-lambda.mjs';
import { modelManifests } from './model-manifests.mjs';
import { brotliMaximum, createZip } from './zip.mjs';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const root = resolve(here, '..', '..', '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist', 'lambda'));
const codeCache = process.argv.includes('--code-cache')
  ? 'trained'
  : process.argv.includes('--code-cache=top-level')
    ? 'top-level'
    : undefined;
const started = Date.now();

const manifests = modelManifests(root);

// 1. tsc: the API and the libs it reaches, as ES modules with decorator metadata, into a scratch dir inside the
// repository, so that esbuild resolves packages from the project's node_modules above it.
mkdirSync(join(root, 'dist'), { recursive: true });
const compiled = mkdtempSync(join(root, 'dist', 'lambda-tsc-'));
try {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(here, 'tsconfig.json'), '--outDir', compiled], {
    cwd: root,
    stdio: 'inherit',
  });

  // 2. esbuild: one api.js, loaded by lambda.js (lambda-loader.cjs).
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  await bundleLambda({ compiled, outfile: join(outDir, 'api.js'), projectRoot: root });
  copyFileSync(join(here, 'lambda-loader.cjs'), join(outDir, 'lambda.js'));
  // 2b. The model registry's manifests (not the models): the API reads them from /var/task/models, its working dir.
  for (const { name, source } of manifests) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    copyFileSync(source, join(outDir, name));
  }
} finally {
  rmSync(compiled, { recursive: true, force: true });
}

// 3. The V8 code caches of api.js (after the first events, and of its top level only), made by this Node in a
// process of its own, next to the zip (bench:lambda measures with and without them) and in it with --code-cache. A
// cache serves Lambda only if its runtime runs the same V8 version; otherwise V8 rejects it and compiles as without.
execFileSync(process.execPath, [join(here, 'make-code-cache.cjs'), outDir], {
  // As on Lambda, the working dir is the package's (the model manifests are read from there).
  cwd: outDir,
  stdio: ['ignore', 'ignore', 'inherit'],
});

// 3b. The bundle and the top-level cache brotli-compressed, as --code-cache=top-level ships them (and the bench
// measures them): brotli's largest window takes the 2.5 MB bundle to ~560 KiB where the zip's deflate gives ~710.
for (const [from, to] of [
  ['api.js', 'api.js.br'],
  ['top-level.cache', 'api.js.cache.br'],
]) {
  const data = readFileSync(join(outDir, from));
  writeFileSync(join(outDir, to), brotliCompressSync(data, { params: brotliMaximum(data.length) }));
}
rmSync(join(outDir, 'top-level.cache'));

// 4. The zip, written aside and renamed so a reader never sees half of one. Brotli output is stored, not deflated.
const variants = {
  plain: ['api.js'],
  'top-level': ['api.js.br', 'api.js.cache.br'],
  trained: ['api.js', 'api.js.cache'],
};
const zipOf = (shipped) =>
  createZip(
    ['lambda.js', ...shipped, ...manifests.map((manifest) => manifest.name)].map((name) => ({
      name,
      data: readFileSync(join(outDir, name)),
      stored: name.endsWith('.br'),
    })),
  );
const shipped = variants[codeCache ?? 'plain'];
const zip = await zipOf(shipped);
const zipPath = join(outDir, 'lambda-deployment.zip');
writeFileSync(`${zipPath}.partial`, zip);
renameSync(`${zipPath}.partial`, zipPath);
// What the zip of each variant weighs, for bench:lambda (which measures all three from this folder).
const sizes = {};
for (const [variant, names] of Object.entries(variants)) sizes[variant] = (await zipOf(names)).length;
writeFileSync(join(outDir, 'zip-sizes.json'), `${JSON.stringify(sizes)}\n`);

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(
  `${relative(process.cwd(), zipPath) || zipPath}: ${kib(zip.length)} (${shipped.map((name) => `${name} ${kib(statSync(join(outDir, name)).size)}`).join(', ')}), ${Date.now() - started} ms`,
);
