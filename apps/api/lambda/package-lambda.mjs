#!/usr/bin/env node
// Packages the API for AWS Lambda: <out>/lambda.js (handler `lambda.handler`), <out>/swagger-ui/ and
// <out>/lambda-deployment.zip holding both at its root. `npm run package:lambda`; needs nothing built before.
// Usage: node apps/api/lambda/package-lambda.mjs [--out dist/lambda]
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
import { bundleLambda, SWAGGER_UI_FILES, swaggerUiSource } from './bundle-lambda.mjs';
import { modelManifests } from './model-manifests.mjs';
import { createZip } from './zip.mjs';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const root = resolve(here, '..', '..', '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist', 'lambda'));
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

  // 2. esbuild: one lambda.js; 3. the Swagger UI assets beside it.
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(join(outDir, 'swagger-ui'), { recursive: true });
  await bundleLambda({ compiled, outfile: join(outDir, 'lambda.js'), projectRoot: root });
  for (const file of SWAGGER_UI_FILES) copyFileSync(swaggerUiSource(file), join(outDir, 'swagger-ui', file));
  // 3b. The model registry's manifests (not the models): the API reads them from /var/task/models, its working dir.
  for (const { name, source } of manifests) {
    mkdirSync(dirname(join(outDir, name)), { recursive: true });
    copyFileSync(source, join(outDir, name));
  }
} finally {
  rmSync(compiled, { recursive: true, force: true });
}

// 4. The zip, written aside and renamed so a reader never sees half of one.
const files = [
  'lambda.js',
  ...SWAGGER_UI_FILES.map((file) => `swagger-ui/${file}`),
  ...manifests.map((manifest) => manifest.name),
];
const zip = await createZip(files.map((name) => ({ name, data: readFileSync(join(outDir, name)) })));
const zipPath = join(outDir, 'lambda-deployment.zip');
writeFileSync(`${zipPath}.partial`, zip);
renameSync(`${zipPath}.partial`, zipPath);

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(
  `${relative(process.cwd(), zipPath) || zipPath}: ${kib(zip.length)} (lambda.js ${kib(statSync(join(outDir, 'lambda.js')).size)}), ${Date.now() - started} ms`,
);
