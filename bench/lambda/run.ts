/**
 * Lambda benchmark: cold start of the packaged API (a fresh Node process loads dist/lambda/lambda.js, as the Lambda
 * runtime does, and answers its first API Gateway event), warm invocations, and the deployment zip's size.
 * Run: npm run bench:lambda   (env BENCH_RUNS cold starts, default 9; the figures are also written to
 *      bench/RESULTS.md, section "## Lambda")
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deflateRawSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './bundle-process';
import { ColdStart, measureBareNode, measureColdStart, measureWarm } from './cold-start';
import { writeResultsSection } from '../results-file';
import { median } from './median';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WARM_EVENTS = 50;
const TARGET_COLD_MS = 250;
const TARGET_ZIP_BYTES = 1024 * 1024;
const bundle = join(REPO_ROOT, 'dist', 'lambda', 'lambda.js');
const codeCache = join(REPO_ROOT, 'dist', 'lambda', 'api.js.cache');
const zip = join(REPO_ROOT, 'dist', 'lambda', 'lambda-deployment.zip');
/** What was changed and what each change bought: kept by hand beside this bench, put into its section. */
const changesFile = join(REPO_ROOT, 'bench', 'lambda', 'changes.md');

/** The environment the stack gives the function: S3 uploads, the DynamoDB table, the SQS queue, runtime credentials. */
const LAMBDA_ENVIRONMENT: Record<string, string> = {
  AWS_LAMBDA_FUNCTION_NAME: 'image-detection-api',
  NODE_ENV: 'production',
  LOG_LEVEL: 'info',
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_SESSION_TOKEN: 'bench-session-token',
  S3_BUCKET: 'image-processing-uploads-bench',
  JOBS_TABLE_NAME: 'image-processing-jobs',
  SQS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/image-processing-queue',
  API_DOCS: 'false',
  RATE_LIMIT_PER_MINUTE: '0',
  // The stack maps each tenant's API Gateway key id to its tenant.
  API_KEY_TENANTS: 'benchkey=bench',
  // Node 22 (the Lambda runtime) has no such warning; on Node 20 it would cost a stderr write.
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

/** The first call of every client: POST /uploads/presign through API Gateway REST with an API key. */
const FIRST_EVENT = {
  resource: '/uploads/presign',
  path: '/uploads/presign',
  httpMethod: 'POST',
  headers: { 'content-type': 'application/json', 'x-api-key': 'bench-key-value' },
  multiValueHeaders: { 'content-type': ['application/json'], 'x-api-key': ['bench-key-value'] },
  queryStringParameters: null,
  multiValueQueryStringParameters: null,
  pathParameters: null,
  requestContext: {
    stage: 'prod',
    requestId: 'bench',
    identity: { sourceIp: '203.0.113.7', apiKey: 'bench-key-value', apiKeyId: 'benchkey' },
  },
  body: JSON.stringify({ filename: 'car-damage.jpg', contentType: 'image/jpeg', size: 482113 }),
  isBase64Encoded: false,
};

const ms = (value: number) => `${value.toFixed(0)} ms`;
const row = (name: string, values: number[]) =>
  `| ${name} | ${ms(median(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const env = LAMBDA_ENVIRONMENT;
  // The zip as `npm run package:lambda` makes it (lambda.js and api.js), in a folder of its own; the package's own
  // folder also holds the code cache, which `--code-cache` puts in the zip.
  const plain = mkdtempSync(join(tmpdir(), 'bench-lambda-'));
  for (const file of ['lambda.js', 'api.js']) copyFileSync(join(REPO_ROOT, 'dist', 'lambda', file), join(plain, file));
  cpSync(join(REPO_ROOT, 'dist', 'lambda', 'models'), join(plain, 'models'), { recursive: true });
  const plainBundle = join(plain, 'lambda.js');
  // One unmeasured start of each warms the OS file cache, as a Lambda host's would be.
  await measureColdStart(plainBundle, env, FIRST_EVENT);
  await measureColdStart(bundle, env, FIRST_EVENT);
  const cold: ColdStart[] = [];
  const cached: ColdStart[] = [];
  const bare: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    bare.push(await measureBareNode());
    // Alternated, so that both see the same moments of a shared machine.
    const result = await measureColdStart(plainBundle, env, FIRST_EVENT);
    const withCache = await measureColdStart(bundle, env, FIRST_EVENT);
    for (const r of [result, withCache])
      if (r.statusCode !== 200) throw new Error(`the first event answered ${r.statusCode}, not 200`);
    cold.push(result);
    cached.push(withCache);
    console.error(
      `run ${run}/${RUNS}: loaded ${ms(result.loadedMs)}, first answer ${ms(result.firstAnswerMs)}; ` +
        `with the code cache ${ms(withCache.loadedMs)}, ${ms(withCache.firstAnswerMs)}`,
    );
  }
  rmSync(plain, { recursive: true, force: true });
  const warm = await measureWarm(bundle, env, FIRST_EVENT, WARM_EVENTS);
  const zipBytes = statSync(zip).size;
  const bundleBytes = statSync(join(REPO_ROOT, 'dist', 'lambda', 'api.js')).size;
  const cacheBytes = statSync(codeCache).size;
  const cacheZipped = deflateRawSync(readFileSync(codeCache)).length;
  const coldMedian = median(cold.map((c) => c.firstAnswerMs));
  const cachedMedian = median(cached.map((c) => c.firstAnswerMs));
  const verdict = (ok: boolean) => (ok ? 'within target' : '**over target**');
  const body = [
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version};` +
      ` load average before the run: ${load}. ${RUNS} cold starts after one unmeasured warm-up.`,
    '',
    'Cold start = a fresh `node` process (apps/api/lambda/invoke-bundle.cjs playing the Lambda runtime) requires' +
      ' dist/lambda/lambda.js, which starts the Nest bootstrap in the init phase, then answers its first API Gateway' +
      " REST event, `POST /uploads/presign` with an API key (S3 presigning, no network). Times are the parent's" +
      " clock from fork() on, so they include Node's own start. Configuration as deployed (S3 bucket, DynamoDB table," +
      ' SQS queue; nothing is contacted: presigning is local).',
    '',
    '| figure | median | min | max |',
    '|---|---|---|---|',
    row('Node alone: fork() to first IPC message', bare),
    row(
      'init: fork() to bundle loaded',
      cold.map((c) => c.loadedMs),
    ),
    row(
      `**cold start: fork() to first answer** (target <= ${TARGET_COLD_MS} ms)`,
      cold.map((c) => c.firstAnswerMs),
    ),
    row(
      'init with the V8 code cache (`package:lambda --code-cache`)',
      cached.map((c) => c.loadedMs),
    ),
    row(
      `**cold start with the V8 code cache** (target <= ${TARGET_COLD_MS} ms)`,
      cached.map((c) => c.firstAnswerMs),
    ),
    row(`warm invocation (${WARM_EVENTS} events, same process)`, warm),
    '',
    `Deployment zip dist/lambda/lambda-deployment.zip: **${(zipBytes / 1024).toFixed(0)} KiB** (target <= 1 MiB; ${verdict(zipBytes <= TARGET_ZIP_BYTES)}):` +
      ` lambda.js (the loader) and api.js (the bundle, ${(bundleBytes / 1024).toFixed(0)} KiB unzipped); no Swagger UI assets.` +
      ` With \`--code-cache\` it also holds api.js.cache (${(cacheBytes / 1024).toFixed(0)} KiB, about ${(cacheZipped / 1024).toFixed(0)} KiB zipped),` +
      ` about **${((zipBytes + cacheZipped) / 1024).toFixed(0)} KiB** (${verdict(zipBytes + cacheZipped <= TARGET_ZIP_BYTES)}).`,
    `Cold start median ${ms(coldMedian)}: ${verdict(coldMedian <= TARGET_COLD_MS)}; with the code cache ${ms(cachedMedian)}: ${verdict(cachedMedian <= TARGET_COLD_MS)}.` +
      ' The code cache is made by the packaging Node after three training events (make-code-cache.cjs); V8 uses it only' +
      ' when the runtime runs the same V8 version and flags (else it compiles as without one), so on AWS it pays only' +
      ' when the zip is packaged with the Node version of the function runtime (the stack: nodejs24.x; this run: Node' +
      ` ${process.version}).` +
      ' On AWS a cold start also fetches and unpacks the zip and starts the runtime, and the CPU share follows the' +
      ' memory setting (1769 MB = one vCPU), so a small function starts slower than this.',
    '',
    'Reproduce: `npm run bench:lambda` (BENCH_RUNS=9).',
    ...(existsSync(changesFile) ? ['', readFileSync(changesFile, 'utf8').trim()] : []),
  ].join('\n');
  console.log(body);
  writeResultsSection(join(REPO_ROOT, 'bench', 'RESULTS.md'), 'Lambda', body);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
