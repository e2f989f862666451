'use strict';
// lambda.js of the Lambda zip: loads the bundle (api.js) with the V8 code cache made when it was packaged
// (api.js.cache, see make-code-cache.cjs), so a cold start does not parse and compile 3 MB of JavaScript again.
// V8 checks the cache against the source and its own version and flags: a cache from another Node version is
// rejected and the bundle is compiled as without one (slower, never wrong).
// The zip of `package:lambda --code-cache=top-level` holds both brotli-compressed instead (api.js.br,
// api.js.cache.br): brotli makes them a third smaller than the zip's deflate, which is what fits them in 1 MiB.
const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, join } = require('node:path');
const { brotliDecompressSync } = require('node:zlib');
const vm = require('node:vm');

/** The file as shipped, or its brotli-compressed form decompressed; undefined if neither is there. */
function readShipped(path) {
  try {
    return readFileSync(path);
  } catch {
    try {
      return brotliDecompressSync(readFileSync(`${path}.br`));
    } catch {
      return undefined;
    }
  }
}

const file = join(__dirname, 'api.js');
const source = readShipped(file);
if (!source) throw new Error(`${file} (or ${file}.br) is missing from the package`);
// No cache shipped: compile as usual.
const cachedData = readShipped(`${file}.cache`);
// The bundle as a CommonJS module of its own, exactly as require() would run it.
const script = new vm.Script(wrap(source.toString('utf8')), { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));

exports.handler = bundle.exports.handler;
// For make-code-cache.cjs and the tests: whether V8 took the cache, and the cache of what ran so far.
Object.defineProperty(exports, 'codeCache', {
  value: { rejected: cachedData ? script.cachedDataRejected : undefined, create: () => script.createCachedData() },
});
