'use strict';
// lambda.js of the Lambda zip: loads the bundle (api.js) with the V8 code cache made when it was packaged
// (api.js.cache, see make-code-cache.cjs), so a cold start does not parse and compile 3 MB of JavaScript again.
// V8 checks the cache against the source and its own version and flags: a cache from another Node version is
// rejected and the bundle is compiled as without one (slower, never wrong).
const { readFileSync } = require('node:fs');
const { createRequire, wrap } = require('node:module');
const { dirname, join } = require('node:path');
const vm = require('node:vm');

const file = join(__dirname, 'api.js');
let cachedData;
try {
  cachedData = readFileSync(`${file}.cache`);
} catch {
  // No cache shipped: compile as usual.
}
// The bundle as a CommonJS module of its own, exactly as require() would run it.
const script = new vm.Script(wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dirname(file));

exports.handler = bundle.exports.handler;
// For make-code-cache.cjs and the tests: whether V8 took the cache, and the cache of what ran so far.
Object.defineProperty(exports, 'codeCache', {
  value: { rejected: cachedData ? script.cachedDataRejected : undefined, create: () => script.createCachedData() },
});
