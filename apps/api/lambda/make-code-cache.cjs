#!/usr/bin/env node
'use strict';
// Writes <dir>/api.js.cache: V8's code cache of the bundle after it served a first few events, so it holds the
// functions a cold start compiles (V8 compiles lazily: a cache made before running would hold the top level only).
// Run by package-lambda.mjs in a process of its own, configured as the deployed function (nothing is contacted:
// the events need no AWS call). Usage: node make-code-cache.cjs <dir holding lambda.js and api.js>
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

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
