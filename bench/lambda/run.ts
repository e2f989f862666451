/**
 * Lambda benchmark: cold start of the packaged API (a fresh Node process loads lambda.js, as the Lambda runtime does,
 * and answers its first API Gateway event) for each zip `package:lambda` can make (plain, --code-cache=top-level,
 * --code-cache), warm invocations, and the zips' sizes.
 * Run: npm run bench:lambda   (env BENCH_RUNS cold starts, default 9; the figures are also written to
 *      bench/RESULTS.md, section "## Lambda")
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from './bundle-process';
import { ColdStart, measureBareNode, measureColdStart, measureWarm } from './cold-start';
import { writeResultsSection } from '../results-file';
import { median as medianOf } from './median';

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const WARM_EVENTS = 50;
const TARGET_COLD_MS = 250;
const TARGET_ZIP_BYTES = 1024 * 1024;
const packageDir = join(REPO_ROOT, 'dist', 'lambda');
/** What was changed and what each change bought: kept by hand beside this bench, put into its section. */
const changesFile = join(REPO_ROOT, 'bench', 'lambda', 'changes.md');

/** The three zips `npm run package:lambda` can make: the files each holds besides lambda.js and the manifests. */
const VARIANTS = {
  plain: { files: ['api.js'], flag: '' },
  'top-level': { files: ['api.js.br', 'api.js.cache.br'], flag: ' --code-cache=top-level' },
  trained: { files: ['api.js', 'api.js.cache'], flag: ' --code-cache' },
} as const;
type Variant = keyof typeof VARIANTS;

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
  `| ${name} | ${ms(medianOf(values))} | ${ms(Math.min(...values))} | ${ms(Math.max(...values))} |`;

/** A folder holding exactly what the variant's zip holds, as /var/task would after unpacking it. */
function unpackedAs(variant: Variant): string {
  const dir = mkdtempSync(join(tmpdir(), `bench-lambda-${variant}-`));
  for (const file of ['lambda.js', ...VARIANTS[variant].files]) copyFileSync(join(packageDir, file), join(dir, file));
  cpSync(join(packageDir, 'models'), join(dir, 'models'), { recursive: true });
  return join(dir, 'lambda.js');
}

/**
 * The peer: the design alone (stack-alone.ts: Nest, Fastify, serverless-express, an S3 presign), packaged as the
 * product by package-stack-alone.mjs; a folder for its plain zip and one with its trained code cache.
 */
function packageStackAlone(): { plain: string; trained: string; zipBytes: { plain: number; trained: number } } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-lambda-stack-alone-'));
  execFileSync(process.execPath, [join(REPO_ROOT, 'bench', 'lambda', 'package-stack-alone.mjs'), dir], {
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENVIRONMENT, STACK_ALONE_EVENT: JSON.stringify(FIRST_EVENT) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const folder = (name: string, files: string[]) => {
    mkdirSync(join(dir, name));
    for (const file of ['lambda.js', ...files]) copyFileSync(join(dir, file), join(dir, name, file));
    return join(dir, name, 'lambda.js');
  };
  return {
    plain: folder('plain', ['api.js']),
    trained: folder('trained', ['api.js', 'api.js.cache']),
    zipBytes: JSON.parse(readFileSync(join(dir, 'sizes.json'), 'utf8')),
  };
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const env = LAMBDA_ENVIRONMENT;
  const variants = Object.keys(VARIANTS) as Variant[];
  const bundles = Object.fromEntries(variants.map((variant) => [variant, unpackedAs(variant)])) as Record<
    Variant,
    string
  >;
  const stackAlone = packageStackAlone();
  const peers = { 'stack alone': stackAlone.plain, 'stack alone, trained cache': stackAlone.trained };
  type Peer = keyof typeof peers;
  const starts = { ...bundles, ...peers } as Record<Variant | Peer, string>;
  const measured = Object.keys(starts) as (Variant | Peer)[];
  // One unmeasured start of each warms the OS file cache, as a Lambda host's would be.
  for (const name of measured) await measureColdStart(starts[name], env, FIRST_EVENT);
  const cold = Object.fromEntries(measured.map((name) => [name, [] as ColdStart[]])) as Record<
    Variant | Peer,
    ColdStart[]
  >;
  const bare: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    bare.push(await measureBareNode());
    // Alternated, so that all see the same moments of a shared machine.
    for (const name of measured) {
      const result = await measureColdStart(starts[name], env, FIRST_EVENT);
      if (result.statusCode !== 200) throw new Error(`${name}: the first event answered ${result.statusCode}, not 200`);
      cold[name].push(result);
    }
    console.error(
      `run ${run}/${RUNS}: ` + measured.map((name) => `${name} ${ms(cold[name].at(-1)!.firstAnswerMs)}`).join(', '),
    );
  }
  for (const bundle of Object.values(bundles)) rmSync(dirname(bundle), { recursive: true, force: true });
  rmSync(dirname(dirname(stackAlone.plain)), { recursive: true, force: true });
  const warm = await measureWarm(join(packageDir, 'lambda.js'), env, FIRST_EVENT, WARM_EVENTS);
  const zipBytes = JSON.parse(readFileSync(join(packageDir, 'zip-sizes.json'), 'utf8')) as Record<Variant, number>;
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
  const size = (file: string) => kib(statSync(join(packageDir, file)).size);
  const median = (name: Variant | Peer) => medianOf(cold[name].map((c) => c.firstAnswerMs));
  const verdict = (ok: boolean) => (ok ? 'within target' : '**over target**');
  // Ratios hold across machines and loads better than milliseconds: against the plain zip and against Node alone.
  const both = (variant: Variant) =>
    `zip ${kib(zipBytes[variant])}, ${verdict(zipBytes[variant] <= TARGET_ZIP_BYTES)}; cold start ${ms(median(variant))}` +
    ` (x${(median(variant) / median('plain')).toFixed(2)} of the plain zip's, ${(median(variant) / medianOf(bare)).toFixed(1)}x Node alone), ${verdict(median(variant) <= TARGET_COLD_MS)}`;
  const body = [
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version};` +
      ` load average before the run: ${load}. ${RUNS} cold starts of each zip, alternated, after one unmeasured warm-up.`,
    '',
    'Cold start = a fresh `node` process (apps/api/lambda/invoke-bundle.cjs playing the Lambda runtime) requires' +
      ' lambda.js from a folder holding exactly what the zip holds, which starts the Nest bootstrap in the init phase, then answers its first API Gateway' +
      " REST event, `POST /uploads/presign` with an API key (S3 presigning, no network). Times are the parent's" +
      " clock from fork() on, so they include Node's own start. Configuration as deployed (S3 bucket, DynamoDB table," +
      ' SQS queue; nothing is contacted: presigning is local).',
    '',
    '| figure | median | min | max |',
    '|---|---|---|---|',
    row('Node alone: fork() to first IPC message', bare),
    ...variants.flatMap((variant) => [
      row(
        `init, \`package:lambda${VARIANTS[variant].flag}\`: fork() to bundle loaded`,
        cold[variant].map((c) => c.loadedMs),
      ),
      row(
        `**cold start, \`package:lambda${VARIANTS[variant].flag}\`: fork() to first answer** (target <= ${TARGET_COLD_MS} ms)`,
        cold[variant].map((c) => c.firstAnswerMs),
      ),
    ]),
    row(
      'peer, the stack alone (Nest, Fastify, serverless-express, an S3 presign): fork() to first answer',
      cold['stack alone'].map((c) => c.firstAnswerMs),
    ),
    row(
      'peer, the stack alone with its trained code cache: fork() to first answer',
      cold['stack alone, trained cache'].map((c) => c.firstAnswerMs),
    ),
    row(`warm invocation (${WARM_EVENTS} events, same process)`, warm),
    '',
    `The zips (target <= 1 MiB), each with lambda.js (the loader) and the model manifests:`,
    `- \`npm run package:lambda\` (the default), api.js (the bundle, ${size('api.js')}): ${both('plain')}.`,
    `- \`--code-cache=top-level\`: api.js.br (the bundle, brotli, ${size('api.js.br')}) and api.js.cache.br (V8's code cache of` +
      ` its top level, brotli, ${size('api.js.cache.br')}), both stored; lambda.js decompresses them: ${both('top-level')}.`,
    `- \`--code-cache\`: api.js and api.js.cache (V8's code cache after four training events, ${size('api.js.cache')}): ${both('trained')}.`,
    '',
    'The peer is what the design the issue keeps costs before the product adds anything: bench/lambda/stack-alone.ts' +
      ' is NestJS on its Fastify adapter behind `@codegenie/serverless-express`, answering the same event with an S3' +
      ' presigned PUT and nothing else (no configuration or body validation, keys, logging, metrics, DynamoDB or SQS),' +
      ` bundled with the product's esbuild options and loaded by the same lambda.js: ${ms(median('stack alone'))}` +
      ` (${(median('stack alone') / medianOf(bare)).toFixed(1)}x Node alone, x${(median('stack alone') / median('plain')).toFixed(2)} of the product's plain zip)` +
      ` in a ${kib(stackAlone.zipBytes.plain)} zip; with a code cache trained on the event, ${ms(median('stack alone, trained cache'))},` +
      ` in a zip of ${kib(stackAlone.zipBytes.trained)} with bundle and cache brotli-compressed` +
      ` (${verdict(median('stack alone, trained cache') <= TARGET_COLD_MS)} on time, ${verdict(stackAlone.zipBytes.trained <= TARGET_ZIP_BYTES)} on size).`,
    '',
    'A code cache is made by the packaging Node; V8 uses it only' +
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
