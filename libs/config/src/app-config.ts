import type { WebhookOptions } from '@app/jobs';

/** The validated, typed configuration every app is built from. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  logLevel: string;
  dataDir: string;
  api: {
    port: number;
    host: string;
    publicUrl: string;
    maxBodyBytes: number;
    /** A request not fully received after this long (headers and body) is answered 408 and its socket closed. */
    requestTimeoutSeconds: number;
    maxImagesPerJob: number;
    rateLimitPerMinute: number;
    /** Serve Swagger UI and the OpenAPI document; off in Lambda, where API Gateway routes no /docs anyway. */
    docs: boolean;
    /** Serve the demo page at `/`: on by default self-hosted, off by default with S3 storage (AWS). */
    demoPage: boolean;
    /** Take the client address from X-Forwarded-For: only behind a proxy that sets it, or clients pick their rate-limit bucket. */
    trustProxy: boolean;
    /** Browser origins CORS allows (`*` for any); empty: no CORS headers, browsers on other origins are refused. */
    corsOrigins: string[];
  };
  auth: {
    /** 'none' lets an API with no keys listen beyond loopback (and warns); keys in the file are always required. */
    mode: 'api-keys' | 'none';
    /** The self-hosted API keys (hashes only): `npm run api-key` writes it, the API re-reads it when it changes. */
    apiKeysFile: string;
    /** API Gateway API key id -> tenant, for the keys the gateway checked (AWS mode). */
    gatewayKeyTenants: Record<string, string>;
  };
  storage: {
    mode: 'local' | 's3';
    bucket: string;
    uploadSecret?: string;
    maxUploadBytes: number;
    uploadUrlExpiresSeconds: number;
    forcePathStyle: boolean;
    /** Self-hosted: uploads older than this many days are deleted by the worker's sweep; 0 keeps them. */
    uploadRetentionDays: number;
    /** S3: days after which the bucket's lifecycle deletes results/ files (aws:init; the CDK stack's context). */
    resultsRetentionDays: number;
    /** S3: origins the bucket's CORS rules allow for browser uploads (aws:init). */
    corsAllowedOrigins: string[];
  };
  jobs: {
    mode: 'sqlite' | 'dynamodb';
    tableName?: string;
    resultTtlDays?: number;
    /** SQLite: finished jobs older than this many days (since their last change) are deleted; 0 keeps them. */
    retentionDays: number;
    /** A job PENDING this long is queued again by the worker's sweep (its message was lost or never sent); 0: off. */
    pendingRequeueSeconds: number;
  };
  queue: {
    mode: 'self-hosted' | 'sqs';
    queueUrl: string;
    /** Where messages go after maxReceiveCount deliveries; the worker marks their jobs FAILED. */
    deadLetterQueueUrl: string;
    /** Endpoint the SQS client talks to; undefined means the SDK's own resolution (AWS_ENDPOINT_URL_SQS, region). */
    endpoint?: string;
    selfHosted: {
      host: string;
      port: number;
      accountId: string;
      name: string;
      /**
       * What the API and the worker sign with: the queue server checks signatures only when it has a key pair
       * (QUEUE_ACCESS_KEY_ID / QUEUE_SECRET_ACCESS_KEY), and then its clients sign with the same pair, which `npm
       * start` hands them as AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. Without a pair, a placeholder.
       */
      credentials: { accessKeyId: string; secretAccessKey: string };
    };
    maxReceiveCount: number;
    visibilityTimeoutSeconds: number;
    heartbeatSeconds: number;
  };
  /**
   * WEBHOOK_*: the webhooks lib's own options, read as they are (queueUrl defaults to the jobs queue's URL +
   * "-webhooks"; httpsOnly is AWS mode); the self-hosted secretDir is added by webhookOptionsOf.
   */
  webhooks: Omit<WebhookOptions, 'secretDir'>;
  worker: {
    /** Where the worker's health server listens: its own setting, not the API's HOST. */
    host: string;
    healthPort: number;
    /** Bytes the ONNX sessions of one worker may hold, split between its threads (least recently used out). */
    modelMemoryBytes: number;
    inferenceThreads: number;
    concurrency: number;
    /** Bytes the image decodes of one worker process may hold at once; an image needing more alone is refused. */
    decodeBudgetBytes: number;
    /** On SIGTERM, how long in-flight jobs may take to finish before they are left to be retried elsewhere. */
    stopTimeoutSeconds: number;
    /** A job still running after this long is stopped (abort signal) and left to a retry (message not acknowledged). */
    jobTimeoutSeconds: number;
  };
  /** The model registry, read by the API (to validate requests, GET /models) and the worker alike. */
  models: {
    /** The shipped models: models/ under the working directory (the Docker image's /app/models). */
    shippedDir: string;
    /** MODELS_DIR: a user's own models, same layout; a name also shipped is an error. */
    userDir?: string;
    defaultModel: string;
    /** For requests that leave a threshold out and whose model's manifest has no default. */
    defaults: { minConfidence: number; iouThreshold: number; maxDetections: number };
  };
  aws: {
    region: string;
    endpoints: { s3?: string; dynamodb?: string; sqs?: string };
  };
}
