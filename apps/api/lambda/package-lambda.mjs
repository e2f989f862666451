#!/usr/bin/env node
// Packages the API for AWS Lambda: <out>/lambda.js (handler `lambda.handler`), <out>/swagger-ui/ and
// <out>/lambda-deployment.zip holding both at its root. Run after the tsc build: `npm run package:lambda`.
// Usage: node apps/api/lambda/package-lambda.mjs [--out dist/lambda]
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundleLambda, SWAGGER_UI_FILES, swaggerUiSource } from './bundle-lambda.mjs';
import { createZip } from './zip.mjs';

const root = resolve(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', '..', '..');
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'dist', 'lambda'));
const entry = join(root, 'dist', 'apps', 'api', 'src', 'lambda.js');

if (!existsSync(entry)) {
  console.error(`error: ${relative(root, entry)} is missing: run \`npm run build\` first (or \`npm run package:lambda\`, which does).`);
  process.exit(1);
}

const started = Date.now();
rmSync(outDir, { recursive: true, force: true });
mkdirSync(join(outDir, 'swagger-ui'), { recursive: true });
await bundleLambda({ entry, outfile: join(outDir, 'lambda.js') });
for (const file of SWAGGER_UI_FILES) copyFileSync(swaggerUiSource(file), join(outDir, 'swagger-ui', file));

const files = ['lambda.js', ...SWAGGER_UI_FILES.map((file) => `swagger-ui/${file}`)];
const zip = createZip(files.map((name) => ({ name, data: readFileSync(join(outDir, name)) })));
const zipPath = join(outDir, 'lambda-deployment.zip');
// Written aside and renamed, so a reader never sees half a zip.
writeFileSync(`${zipPath}.partial`, zip);
renameSync(`${zipPath}.partial`, zipPath);

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
console.log(`${relative(process.cwd(), zipPath) || zipPath}: ${kib(zip.length)} (lambda.js ${kib(readFileSync(join(outDir, 'lambda.js')).length)}), ${Date.now() - started} ms`);
