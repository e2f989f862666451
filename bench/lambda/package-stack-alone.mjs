// Packages bench/lambda/stack-alone.ts (built by `npm run build` into dist/bench/lambda/stack-alone.js) as
// package:lambda packages the API: bundleLambda's esbuild options, the same lambda.js loader, and a V8 code cache
// trained on the bench's first event. Writes into <out>: lambda.js, api.js, api.js.cache and sizes.json, the zip
// sizes of the plain package and of the smallest package holding the trained cache (bundle and cache brotli-
// compressed, as --code-cache=top-level ships its cache).
// Usage: node bench/lambda/package-stack-alone.mjs <out> (the event as JSON on the STACK_ALONE_EVENT variable)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { bundleLambda } from '../../apps/api/lambda/bundle-lambda.mjs';
import { brotliMaximum, createZip } from '../../apps/api/lambda/zip.mjs';

const here = import.meta.dirname ?? new URL('.', import.meta.url).pathname;
const root = resolve(here, '..', '..');
const out = resolve(process.argv[2]);
mkdirSync(out, { recursive: true });

await bundleLambda({
  compiled: join(root, 'dist'),
  entryPoint: join(root, 'dist', 'bench', 'lambda', 'stack-alone.js'),
  outfile: join(out, 'api.js'),
  projectRoot: root,
});
copyFileSync(join(root, 'apps', 'api', 'lambda', 'lambda-loader.cjs'), join(out, 'lambda.js'));

// The cache after the first event, made in a process of its own as make-code-cache.cjs makes the product's.
const train = `
  const lambda = require(${JSON.stringify(join(out, 'lambda.js'))});
  lambda.handler(JSON.parse(process.env.STACK_ALONE_EVENT), {}).then((result) => {
    if (result.statusCode !== 200) throw new Error('the first event answered ' + result.statusCode);
    require('node:fs').writeFileSync(${JSON.stringify(join(out, 'api.js.cache'))}, lambda.codeCache.create());
    process.exit(0);
  });`;
execFileSync(process.execPath, ['-e', train], { cwd: out, stdio: ['ignore', 'ignore', 'inherit'] });

const read = (name) => readFileSync(join(out, name));
const brotli = (data) => brotliCompressSync(data, { params: brotliMaximum(data.length) });
const plain = await createZip(['lambda.js', 'api.js'].map((name) => ({ name, data: read(name) })));
const trained = await createZip([
  { name: 'lambda.js', data: read('lambda.js') },
  { name: 'api.js.br', data: brotli(read('api.js')), stored: true },
  { name: 'api.js.cache.br', data: brotli(read('api.js.cache')), stored: true },
]);
writeFileSync(join(out, 'sizes.json'), JSON.stringify({ plain: plain.length, trained: trained.length }));
