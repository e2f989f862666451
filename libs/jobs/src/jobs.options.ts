/** Where an AWS SDK client goes. */
export interface AwsClientOptions {
  region: string;
  /** undefined: the SDK's own resolution (AWS_ENDPOINT_URL_*, region). */
  endpoint?: string;
  /** undefined: the SDK's own credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export type JobStoreOptions =
  | { mode: 'sqlite'; /** The SQLite file. */ file: string }
  | {
      mode: 'dynamodb';
      tableName: string;
      /** Days after its last change a job may be deleted by DynamoDB's TTL; undefined keeps jobs forever. */
      resultTtlDays?: number;
      client: AwsClientOptions;
    };

/** The jobs queue: the project's own queue server (self-hosted) or SQS, through the same SQS client. */
export interface JobQueueOptions {
  mode: 'self-hosted' | 'sqs';
  queueUrl: string;
  client: AwsClientOptions;
  /** Self-hosted, the API and the worker create the queue and its DLQ `<name>-dlq` with these settings. */
  name: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /**
   * How long the first job message of a batch waits for others to share its SendMessageBatch (SqsJobQueue's
   * DEFAULT_SEND_WINDOW_MS when absent). 0 where one process serves one request at a time (Lambda): the wait could
   * only add latency.
   */
  sendWindowMs?: number;
}

/** What SubmitJobUseCase needs. */
export interface SubmitJobOptions {
  maxImagesPerJob: number;
  /** Whether a job may name a callbackUrl: only when webhooks can be signed (a signing secret is configured). */
  webhooksEnabled?: boolean;
  /** AWS mode: a callbackUrl must be https. */
  callbackHttpsOnly?: boolean;
  /** Jobs name images of this bucket only. */
  bucket: string;
}

/** What ProcessJobUseCase and FailDeadLetteredJobUseCase need. */
export interface ProcessJobOptions {
  /** Deliveries before the queue gives a message up to its DLQ; the last attempt marks the job FAILED. */
  maxReceiveCount: number;
  /** Larger images fail alone, unread. */
  maxImageBytes: number;
  bucket: string;
}

/** What the worker's sweeps need (RequeuePendingJobsUseCase, SweepRetentionUseCase). */
export interface SweepOptions {
  /** A job PENDING this long is queued again; 0 turns the sweep off. */
  pendingRequeueSeconds: number;
  /** Self-hosted: finished jobs, and uploads, older than this many days are deleted; 0 keeps them. */
  retentionDays: number;
  uploadRetentionDays: number;
}

/** Webhooks: where attempts are queued, how they are signed and sent, and for how long they are retried. */
export interface WebhookOptions {
  /** The webhooks queue (`<jobs queue>-webhooks` by default); self-hosted, created beside the jobs queue. */
  queueUrl: string;
  /** The master secret tenants' signing secrets are derived from (WEBHOOK_SIGNING_SECRET). */
  signingSecret?: string;
  /**
   * Where the master secret lives when this process does not hold it: the AWS API function, which accepts
   * callbackUrl (the worker, given the secret by ECS, signs) and tells GET /webhooks/secret callers how to get theirs.
   */
  secretArn?: string;
  /**
   * Self-hosted: without a configured secret, one is generated once and kept in `<secretDir>/webhook-secret` (0600).
   * Undefined (AWS) and no signingSecret: webhooks are off, and a callbackUrl is refused.
   */
  secretDir?: string;
  /** One attempt's limit, from the DNS lookup to the answer. */
  timeoutSeconds: number;
  /** Let private, loopback and link-local receivers through (off by default: SSRF). */
  allowPrivate: boolean;
  /** AWS mode: only https callback URLs. */
  httpsOnly: boolean;
  /** After this long since the first attempt, a webhook that never got a 2xx is marked failed. */
  retrySeconds: number;
  /** Exponential backoff with full jitter: a random delay up to min(max, base * 2^(attempt - 1)) seconds. */
  backoffBaseSeconds: number;
  /** At most 900 (SQS's longest message delay). */
  backoffMaxSeconds: number;
}

/** The model registry (manifests only) and the defaults of requests that leave a threshold out. */
export interface ModelsOptions {
  /** The shipped models (models/). */
  shippedDir: string;
  /** MODELS_DIR: a user's own models, same layout. */
  userDir?: string;
  /** DEFAULT_MODEL: "name" or "name@version". */
  defaultModel: string;
  defaults: { minConfidence: number; iouThreshold: number; maxDetections: number };
  /**
   * When the manifests are first read. at-start (default): while the app starts, so a bad manifest stops it,
   * naming its file and field. on-first-use: by the first request that needs a model (a job, GET /models), for the
   * Lambda API, whose manifests are fixed in its zip and were read when it was packaged; its cold start skips them.
   */
  open?: 'at-start' | 'on-first-use';
}

/** JobsModule's own options. */
export interface JobsOptions {
  models: ModelsOptions;
  store: JobStoreOptions;
  queue: JobQueueOptions;
  submit: SubmitJobOptions;
  process: ProcessJobOptions;
  sweeps: SweepOptions;
  webhooks: WebhookOptions;
}

export const SUBMIT_JOB_OPTIONS = Symbol('SubmitJobOptions');
export const PROCESS_JOB_OPTIONS = Symbol('ProcessJobOptions');
export const SWEEP_OPTIONS = Symbol('SweepOptions');
export const WEBHOOK_OPTIONS = Symbol('WebhookOptions');
