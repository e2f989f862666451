import { join, resolve } from 'node:path';
import { AppConfig } from './app-config';
import { crossFieldProblems } from './cross-field-rules';
import { envSchema, queueServerEnvSchema } from './env.schema';
import { QueueServerConfig } from './queue-server-config';

export class ConfigValidationError extends Error {
  constructor(
    readonly problems: string[],
    what = 'configuration',
  ) {
    super(`Invalid ${what}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

type Schema = typeof envSchema;

/** Validates with every problem at once (own rules, then cross-field rules); blank variables count as unset. */
function validate(schema: Schema, env: NodeJS.ProcessEnv, what: string, crossField: boolean) {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const { value, error } = schema.validate(blanksRemoved, { abortEarly: false, convert: true });
  const invalid = new Set((error?.details ?? []).map((d) => String(d.path[0])));
  const problems = [
    ...(error?.details ?? []).map((d) => d.message),
    ...(crossField ? crossFieldProblems(value, blanksRemoved, invalid) : []),
  ];
  if (problems.length > 0) throw new ConfigValidationError(problems, what);
  return value;
}

/** The queue server's own slice of the environment, validated by the same rules as everywhere else. */
export function loadQueueServerConfig(env: NodeJS.ProcessEnv = process.env): QueueServerConfig {
  const e = validate(queueServerEnvSchema, env, 'queue configuration', false);
  return {
    port: e.QUEUE_PORT,
    host: e.QUEUE_HOST,
    dataDir: resolve(e.DATA_DIR),
    accountId: e.QUEUE_ACCOUNT_ID,
    region: e.AWS_REGION,
    baseUrl: e.QUEUE_BASE_URL,
    sync: e.QUEUE_SYNC,
    accessKeyId: e.QUEUE_ACCESS_KEY_ID,
    secretAccessKey: e.QUEUE_SECRET_ACCESS_KEY,
    logLevel: e.LOG_LEVEL,
  };
}

/** Validates the environment once, listing every problem at the same time, and shapes it into an AppConfig. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const e = validate(envSchema, env, 'configuration', true);

  const keyPair = e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY;
  const selfHosted = {
    host: e.QUEUE_HOST,
    port: e.QUEUE_PORT,
    accountId: e.QUEUE_ACCOUNT_ID,
    name: e.QUEUE_NAME,
    credentials: keyPair
      ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY }
      : { accessKeyId: 'self-hosted', secretAccessKey: 'self-hosted' },
  };
  const selfHostedEndpoint = `http://${selfHosted.host}:${selfHosted.port}`;
  const sqsEndpoint = e.AWS_ENDPOINT_URL_SQS ?? e.AWS_ENDPOINT_URL;
  const queueUrl: string = e.SQS_QUEUE_URL ?? `${selfHostedEndpoint}/${selfHosted.accountId}/${selfHosted.name}`;
  return {
    env: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(e.DATA_DIR),
    api: {
      port: e.PORT,
      host: e.HOST,
      publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(
        /\/+$/,
        '',
      ),
      maxBodyBytes: e.MAX_BODY_BYTES,
      requestTimeoutSeconds: e.REQUEST_TIMEOUT_SECONDS,
      maxImagesPerJob: e.MAX_IMAGES_PER_JOB,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      docs: e.API_DOCS,
      // Browsers upload to S3 only where the bucket's CORS allows the page's origin: opt in on AWS.
      demoPage: e.DEMO_PAGE ?? !e.S3_BUCKET,
      trustProxy: e.TRUST_PROXY,
      corsOrigins: e.CORS_ORIGINS ? e.CORS_ORIGINS.split(',') : [],
    },
    auth: {
      mode: e.AUTH,
      apiKeysFile: resolve(e.API_KEYS_FILE ?? join(e.DATA_DIR, 'api-keys')),
      gatewayKeyTenants: Object.fromEntries(
        (e.API_KEY_TENANTS ?? '')
          .split(',')
          .filter(Boolean)
          .map((pair: string) => pair.split('=')),
      ),
    },
    storage: {
      mode: e.S3_BUCKET ? 's3' : 'local',
      bucket: e.S3_BUCKET ?? e.LOCAL_BUCKET,
      uploadSecret: e.UPLOAD_SECRET,
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      uploadUrlExpiresSeconds: e.UPLOAD_URL_EXPIRES_SECONDS,
      forcePathStyle: e.S3_FORCE_PATH_STYLE,
      uploadRetentionDays: e.UPLOAD_RETENTION_DAYS,
      resultsRetentionDays: e.RESULTS_RETENTION_DAYS,
      corsAllowedOrigins: e.CORS_ALLOWED_ORIGINS,
    },
    jobs: {
      mode: e.JOBS_TABLE_NAME ? 'dynamodb' : 'sqlite',
      tableName: e.JOBS_TABLE_NAME,
      resultTtlDays: e.JOBS_RESULT_TTL_DAYS,
      retentionDays: e.RETENTION_DAYS,
      pendingRequeueSeconds: e.PENDING_REQUEUE_SECONDS,
    },
    queue: {
      mode: e.SQS_QUEUE_URL ? 'sqs' : 'self-hosted',
      queueUrl,
      // By convention (aws:init, deploy/) the dead-letter queue is the jobs queue's name + "-dlq".
      deadLetterQueueUrl: e.SQS_DLQ_URL ?? `${queueUrl}-dlq`,
      endpoint: e.SQS_QUEUE_URL ? sqsEndpoint : selfHostedEndpoint,
      selfHosted,
      maxReceiveCount: e.MAX_RECEIVE_COUNT,
      visibilityTimeoutSeconds: e.QUEUE_VISIBILITY_TIMEOUT_SECONDS,
      heartbeatSeconds: e.QUEUE_HEARTBEAT_SECONDS,
    },
    webhooks: {
      queueUrl: e.WEBHOOK_QUEUE_URL ?? `${queueUrl}-webhooks`,
      signingSecret: e.WEBHOOK_SIGNING_SECRET,
      secretArn: e.WEBHOOK_SECRET_ARN,
      timeoutSeconds: e.WEBHOOK_TIMEOUT_SECONDS,
      allowPrivate: e.WEBHOOK_ALLOW_PRIVATE,
      httpsOnly: Boolean(e.S3_BUCKET || e.JOBS_TABLE_NAME || e.SQS_QUEUE_URL),
      retrySeconds: e.WEBHOOK_RETRY_SECONDS,
      backoffBaseSeconds: e.WEBHOOK_BACKOFF_BASE_SECONDS,
      backoffMaxSeconds: e.WEBHOOK_BACKOFF_MAX_SECONDS,
    },
    worker: {
      host: e.WORKER_HOST,
      healthPort: e.WORKER_HEALTH_PORT,
      modelMemoryBytes: e.MODEL_MEMORY_BUDGET_MB * 2 ** 20,
      inferenceThreads: e.INFERENCE_THREADS,
      concurrency: e.WORKER_CONCURRENCY ?? e.INFERENCE_THREADS,
      decodeBudgetBytes: e.DECODE_BUDGET_MB * 2 ** 20,
      stopTimeoutSeconds: e.WORKER_STOP_TIMEOUT_SECONDS,
      jobTimeoutSeconds: e.JOB_TIMEOUT_SECONDS,
    },
    models: {
      shippedDir: resolve('models'),
      userDir: e.MODELS_DIR === undefined ? undefined : resolve(e.MODELS_DIR),
      defaultModel: e.DEFAULT_MODEL,
      defaults: { minConfidence: e.MIN_CONFIDENCE, iouThreshold: e.NMS_IOU_THRESHOLD, maxDetections: e.MAX_DETECTIONS },
    },
    aws: {
      region: e.AWS_REGION,
      endpoints: {
        s3: e.AWS_ENDPOINT_URL_S3 ?? e.AWS_ENDPOINT_URL,
        dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB ?? e.AWS_ENDPOINT_URL,
        sqs: sqsEndpoint,
      },
    },
  };
}
