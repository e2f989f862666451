#!/usr/bin/env node
// Packages the API for AWS Lambda: <out>/lambda.js (handler `lambda.handler`) and <out>/lambda-deployment.zip
// holding it at its root (no Swagger UI assets: on Lambda /docs-json serves the document, /docs no UI). `npm run package:lambda`; needs nothing built before.
// Usage: node apps/api/lambda/package-lambda.mjs [--out dist/lambda] [--code-cache]
// --code-cache also puts api.js.cache (V8's code cache, see make-code-cache.cjs) in the zip: a faster cold start
// for a bigger zip, and only where the Lambda runtime runs this Node's V8 (package with the runtime's Node version).
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
import { bundleLambda } from './bundle-lambda.mjs';
import { modelManifests } from './model-manifests.mjs';
import { createZip } from './zip.mjs';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const root = resolve(here, '..', '..', '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist', 'lambda'));
const withCodeCache = process.argv.includes('--code-cache');
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

// 3. The V8 code cache of api.js, made by this Node in a process of its own, next to the zip (bench:lambda measures
// with and without it) and in it with --code-cache. It serves Lambda only if its runtime runs the same V8 version;
// otherwise V8 rejects it and compiles as without one.
execFileSync(process.execPath, [join(here, 'make-code-cache.cjs'), outDir], {
  // As on Lambda, the working dir is the package's (the model manifests are read from there).
  cwd: outDir,
  stdio: ['ignore', 'ignore', 'inherit'],
});

// 4. The zip, written aside and renamed so a reader never sees half of one.
const files = [
  'lambda.js',
  'api.js',
  ...(withCodeCache ? ['api.js.cache'] : []),
  ...manifests.map((manifest) => manifest.name),
];
const zip = await createZip(files.map((name) => ({ name, data: readFileSync(join(outDir, name)) })));
const zipPath = join(outDir, 'lambda-deployment.zip');
writeFileSync(`${zipPath}.partial`, zip);
renameSync(`${zipPath}.partial`, zipPath);

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(
  `${relative(process.cwd(), zipPath) || zipPath}: ${kib(zip.length)} (api.js ${kib(statSync(join(outDir, 'api.js')).size)}${withCodeCache ? `, api.js.cache ${kib(statSync(join(outDir, 'api.js.cache')).size)}` : ''}), ${Date.now() - started} ms`,
);
