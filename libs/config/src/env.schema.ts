import * as Joi from 'joi';
import { cpus } from 'node:os';
import { BUCKET_NAME_PATTERN } from '@app/infrastructure';

const MiB = 1024 * 1024;

const MODEL_REGISTRY_MIGRATION =
  '{var} is no longer read: models live in the registry, models/<name>/<version>/ with a model.json manifest ' +
  '(its sha256, or "skipChecksum": true). Put a model of your own under MODELS_DIR in that layout and choose it ' +
  'with DEFAULT_MODEL=<name> (README, "Models")';
const port = () => Joi.number().integer().min(0).max(65535);
const url = () => Joi.string().uri({ scheme: ['http', 'https'] });
/**
 * A variable no longer read: set, it is refused (an "any.unknown" error, as `forbidden()` gives) with the way to
 * migrate. Messages here are given to a rule (`.message`), never with `.messages()`: that is a preference, and Joi
 * checks preferences against its own meta-schemas, which it builds on first use (10-20 ms of CPU on every Lambda
 * cold start).
 */
const retired = (name: string) =>
  Joi.any()
    .custom((_, helpers) => helpers.error('any.unknown'))
    .message(MODEL_REGISTRY_MIGRATION.replace('{var}', name));

/**
 * Every environment variable the apps read, defined once, with its default. AWS adapters are chosen by the user's
 * names (S3_BUCKET, JOBS_TABLE_NAME, SQS_QUEUE_URL): unset means the self-hosted adapter.
 */
const variables = {
  NODE_ENV: Joi.string().valid('development', 'production', 'test').default('development'),
  LOG_LEVEL: Joi.string().valid('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent').default('info'),
  DATA_DIR: Joi.string().default('./data'),

  // HTTP API
  PORT: port().default(3000),
  HOST: Joi.string().default('127.0.0.1'),
  PUBLIC_URL: url(),
  // 50 image URLs and 16 KiB of metadata take under 40 KiB; a smaller limit makes every refusal cheap.
  MAX_BODY_BYTES: Joi.number()
    .integer()
    .min(1024)
    .default(64 * 1024),
  REQUEST_TIMEOUT_SECONDS: Joi.number().integer().min(1).max(3600).default(30),
  MAX_IMAGES_PER_JOB: Joi.number().integer().min(1).max(1000).default(50),
  RATE_LIMIT_PER_MINUTE: Joi.number().integer().min(0).default(600),
  API_DOCS: Joi.boolean().default(true),
  // No default here: unset, the demo page is on with self-hosted storage and off with S3 (see load-config).
  DEMO_PAGE: Joi.boolean(),
  TRUST_PROXY: Joi.boolean().default(false),
  // Browser origins allowed to call the API (CORS), comma-separated; empty (the default) allows none.
  CORS_ORIGINS: Joi.string()
    .allow('')
    .pattern(/^(\*|https?:\/\/[^,\s/]+)(,(https?:\/\/[^,\s/]+))*$/)
    .message('CORS_ORIGINS must be "*" or comma-separated origins such as https://app.example.com')
    .default(''),
  // Who may call: API keys (API_KEYS_FILE) when it holds any; AUTH=none allows an API without keys off loopback.
  AUTH: Joi.string().valid('api-keys', 'none').default('api-keys'),
  API_KEYS_FILE: Joi.string(),
  // AWS: API Gateway key id -> tenant, "id1=tenant1,id2=tenant2" (the stack sets it from its tenants context).
  API_KEY_TENANTS: Joi.string().pattern(
    /^[A-Za-z0-9_-]+=[a-z0-9][a-z0-9_-]{0,62}(,[A-Za-z0-9_-]+=[a-z0-9][a-z0-9_-]{0,62})*$/,
  ),

  // Uploads and object storage
  S3_BUCKET: Joi.string().min(3).max(63),
  S3_FORCE_PATH_STYLE: Joi.boolean().default(false),
  LOCAL_BUCKET: Joi.string().pattern(BUCKET_NAME_PATTERN).default('image-processing-uploads'),
  UPLOAD_SECRET: Joi.string().min(32),
  MAX_UPLOAD_BYTES: Joi.number()
    .integer()
    .min(1)
    .default(20 * MiB),
  // Self-hosted retention; the defaults match deploy/'s S3 lifecycle (uploads 7 days) and DynamoDB TTL (30 days).
  UPLOAD_RETENTION_DAYS: Joi.number().integer().min(0).default(7),
  RETENTION_DAYS: Joi.number().integer().min(0).default(30),
  // AWS mode, read by `npm run aws:init` (the CDK stack has the same defaults as context): the bucket's CORS origins
  // and the results/ lifecycle; uploads/ expire after UPLOAD_RETENTION_DAYS there too.
  CORS_ALLOWED_ORIGINS: Joi.string()
    .default(['*'])
    .custom((value: string) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .rule({ message: { 'any.invalid': 'CORS_ALLOWED_ORIGINS must name at least one origin' } }),
  RESULTS_RETENTION_DAYS: Joi.number().integer().min(1).max(3650).default(30),
  UPLOAD_URL_EXPIRES_SECONDS: Joi.number()
    .integer()
    .min(1)
    .max(7 * 24 * 3600)
    .default(900),

  // Job store
  JOBS_TABLE_NAME: Joi.string().pattern(/^[a-zA-Z0-9_.-]{3,255}$/),
  JOBS_RESULT_TTL_DAYS: Joi.number().integer().min(1),
  PENDING_REQUEUE_SECONDS: Joi.number()
    .integer()
    .min(0)
    .max(7 * 24 * 3600)
    .default(300),

  // Queue (the jobs queue as the API and the worker see it)
  SQS_QUEUE_URL: url(),
  SQS_DLQ_URL: url(),
  QUEUE_NAME: Joi.string()
    .pattern(/^[a-zA-Z0-9_-]{1,80}$/)
    .default('image-processing-queue'),
  MAX_RECEIVE_COUNT: Joi.number().integer().min(1).max(1000).default(5),
  QUEUE_VISIBILITY_TIMEOUT_SECONDS: Joi.number().integer().min(1).max(43200).default(60),
  QUEUE_HEARTBEAT_SECONDS: Joi.number().integer().min(1).max(43199).default(20),

  // The self-hosted queue server (apps/queue); the API and the worker read QUEUE_HOST/PORT/ACCOUNT_ID too.
  QUEUE_HOST: Joi.string().hostname().default('127.0.0.1'),
  QUEUE_PORT: port().default(9324),
  QUEUE_ACCOUNT_ID: Joi.string()
    .pattern(/^\d{12}$/)
    .message('QUEUE_ACCOUNT_ID must be 12 digits')
    .default('000000000000'),
  QUEUE_BASE_URL: url(),
  QUEUE_SYNC: Joi.string().valid('normal', 'full').default('normal'),
  // When both are set, the queue server accepts only requests signed (SigV4) with this pair.
  QUEUE_ACCESS_KEY_ID: Joi.string().min(1),
  QUEUE_SECRET_ACCESS_KEY: Joi.string().min(1),

  // Webhooks (callbackUrl): the webhooks queue (AWS; self-hosted it is <QUEUE_NAME>-webhooks), the master signing
  // secret (self-hosted: generated in DATA_DIR/webhook-secret when unset), and the delivery policy.
  WEBHOOK_QUEUE_URL: url(),
  WEBHOOK_SIGNING_SECRET: Joi.string().min(32),
  // AWS: the Secrets Manager secret holding the master secret. ECS hands its value to the worker as
  // WEBHOOK_SIGNING_SECRET; the API function is given only this ARN (it accepts callbackUrl, signs nothing).
  WEBHOOK_SECRET_ARN: Joi.string()
    .pattern(/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/)
    .message(
      'WEBHOOK_SECRET_ARN must be a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>)',
    ),
  WEBHOOK_ALLOW_PRIVATE: Joi.boolean().default(false),
  WEBHOOK_TIMEOUT_SECONDS: Joi.number().min(0.1).max(30).default(5),
  WEBHOOK_RETRY_SECONDS: Joi.number()
    .integer()
    .min(1)
    .max(7 * 24 * 3600)
    .default(24 * 3600),
  WEBHOOK_BACKOFF_BASE_SECONDS: Joi.number().integer().min(0).max(900).default(5),
  WEBHOOK_BACKOFF_MAX_SECONDS: Joi.number().integer().min(0).max(900).default(900),

  // Worker
  WORKER_HOST: Joi.string().hostname().default('127.0.0.1'),
  WORKER_HEALTH_PORT: port().default(3001),
  // Replaced by the model registry: a clear refusal rather than a setting silently ignored.
  MODEL_PATH: retired('MODEL_PATH'),
  MODEL_SHA256: retired('MODEL_SHA256'),
  MODEL_MEMORY_BUDGET_MB: Joi.number().integer().min(16).max(65536).default(512),

  // Models (API and worker): the registry under models/, plus MODELS_DIR; defaults of requests that do not say.
  MODELS_DIR: Joi.string(),
  DEFAULT_MODEL: Joi.string()
    .pattern(/^[a-z0-9][a-z0-9._-]*(@[A-Za-z0-9][A-Za-z0-9._-]*)?$/)
    .message('DEFAULT_MODEL must be a model name, or name@version')
    .default('ssdlite'),
  MIN_CONFIDENCE: Joi.number().min(0.01).max(1).default(0.5),
  NMS_IOU_THRESHOLD: Joi.number().min(0.1).max(0.95).default(0.6),
  MAX_DETECTIONS: Joi.number().integer().min(1).max(300).default(100),
  INFERENCE_THREADS: Joi.number().integer().min(1).max(64).default(Math.max(1, cpus().length)),
  WORKER_CONCURRENCY: Joi.number().integer().min(1).max(10),
  DECODE_BUDGET_MB: Joi.number().integer().min(16).max(65536).default(384),
  JOB_TIMEOUT_SECONDS: Joi.number().integer().min(1).max(43200).default(300),
  WORKER_STOP_TIMEOUT_SECONDS: Joi.number().integer().min(0).max(3600).default(25),

  // AWS SDK (read by the SDK itself too)
  AWS_REGION: Joi.string()
    .pattern(/^[a-z]{2}(-[a-z]+)+-\d$/)
    .message('AWS_REGION must look like us-east-1')
    .default('us-east-1'),
  // The SDK reads these itself; the self-hosted queue client signs with them too (see queue.selfHosted.credentials).
  AWS_ACCESS_KEY_ID: Joi.string(),
  AWS_SECRET_ACCESS_KEY: Joi.string(),
  AWS_ENDPOINT_URL: url(),
  AWS_ENDPOINT_URL_S3: url(),
  AWS_ENDPOINT_URL_DYNAMODB: url(),
  AWS_ENDPOINT_URL_SQS: url(),
};

type VariableName = keyof typeof variables;

const pick = (names: VariableName[]) => Object.fromEntries(names.map((name) => [name, variables[name]]));

/** Everything the API, the worker and aws:init read. */
export const envSchema = Joi.object(variables)
  .assert(
    '.QUEUE_HEARTBEAT_SECONDS',
    Joi.number().less(Joi.ref('QUEUE_VISIBILITY_TIMEOUT_SECONDS')),
    'QUEUE_HEARTBEAT_SECONDS must be less than QUEUE_VISIBILITY_TIMEOUT_SECONDS',
  )
  .unknown(true);

/**
 * The queue server's slice of the same variables: it validates only what it reads, so a bad API or worker setting
 * (they may share one environment under `npm start`) is reported by the app that reads it.
 */
export const queueServerEnvSchema = Joi.object(
  pick([
    'DATA_DIR',
    'QUEUE_HOST',
    'QUEUE_PORT',
    'QUEUE_ACCOUNT_ID',
    'QUEUE_BASE_URL',
    'QUEUE_SYNC',
    'QUEUE_ACCESS_KEY_ID',
    'QUEUE_SECRET_ACCESS_KEY',
    'AWS_REGION',
    'LOG_LEVEL',
  ]),
)
  .and('QUEUE_ACCESS_KEY_ID', 'QUEUE_SECRET_ACCESS_KEY')
  .unknown(true);
