#!/usr/bin/env node
'use strict';
// Writes two V8 code caches of the bundle into <dir>:
// - api.js.cache, made after the bundle served a first few events, so it holds the functions a cold start compiles
//   (V8 compiles lazily): about 4 MiB, the fastest cold start (`package:lambda --code-cache`);
// - top-level.cache, made before anything ran: the bundle's top level only, which spares the cold start V8's parse
//   of the whole 2.5 MB but not the compiling of each function it then calls; a third of the size, so that, brotli-
//   compressed with the bundle, it fits the 1 MiB zip (`--code-cache=top-level`).
// Run by package-lambda.mjs in a process of its own, configured as the deployed function (nothing is contacted:
// the events need no AWS call). Usage: node make-code-cache.cjs <dir holding lambda.js and api.js>
const { readFileSync, writeFileSync } = require('node:fs');
const { wrap } = require('node:module');
const { join } = require('node:path');
const vm = require('node:vm');

const dir = process.argv[2];
Object.assign(process.env, {
  AWS_LAMBDA_FUNCTION_NAME: 'image-detection-api',
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'code-cache-training-only',
  S3_BUCKET: 'code-cache-training',
  JOBS_TABLE_NAME: 'code-cache-training',
  SQS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/000000000000/code-cache-training',
  API_DOCS: 'false',
  RATE_LIMIT_PER_MINUTE: '0',
  API_KEY_TENANTS: 'training=training',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

const rest = (method, path, body) => ({
  resource: path,
  path,
  httpMethod: method,
  headers: { 'content-type': 'application/json', 'x-api-key': 'training' },
  multiValueHeaders: { 'content-type': ['application/json'], 'x-api-key': ['training'] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  requestContext: { stage: 'prod', requestId: 'training', identity: { apiKey: 'training', apiKeyId: 'training' } },
  body: body === undefined ? null : JSON.stringify(body),
  isBase64Encoded: false,
});

/**
 * What clients do first: presign an upload; and a submit refused by validation (no AWS call), and a liveness probe.
 * GET /models reads the zip's model manifests, which the function itself reads only on first use: a bad one fails
 * the packaging here, naming its file and field, instead of the first job on AWS.
 */
const EVENTS = [
  [rest('POST', '/uploads/presign', { filename: 'photo.jpg', contentType: 'image/jpeg', size: 1000 }), 200],
  [rest('POST', '/process', { imageUrls: [] }), 400],
  [rest('GET', '/health/live'), 200],
  [rest('GET', '/models'), 200],
];

async function main() {
  // The source exactly as lambda-loader.cjs compiles it (V8 checks the cache against it).
  const bundle = join(dir, 'api.js');
  const topLevel = new vm.Script(wrap(readFileSync(bundle, 'utf8')), { filename: bundle }).createCachedData();
  writeFileSync(join(dir, 'top-level.cache'), topLevel);
  const lambda = require(join(dir, 'lambda.js'));
  for (const [event, expected] of EVENTS) {
    const result = await lambda.handler(event, { awsRequestId: 'training', getRemainingTimeInMillis: () => 30_000 });
    if (result.statusCode !== expected)
      throw new Error(
        `${event.httpMethod} ${event.path} answered ${result.statusCode}, not ${expected}: ${result.body}`,
      );
  }
  const cache = lambda.codeCache.create();
  writeFileSync(join(dir, 'api.js.cache'), cache);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
