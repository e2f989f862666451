import { StackConfig } from './stack-config';
import { QueueTiming } from './queue-timing';

export const WORKER_HEALTH_PORT = 3001;

/** Seconds kept between the end of the drain and ECS's SIGKILL. */
export const SHUTDOWN_MARGIN_SECONDS = 10;

export function workerDrainSeconds(stopTimeoutSeconds: number): number {
  return Math.max(1, stopTimeoutSeconds - SHUTDOWN_MARGIN_SECONDS);
}

export interface ResourceNames {
  bucketName: string;
  tableName: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  webhookQueueUrl: string;
  /** The webhook master secret in Secrets Manager: its ARN only (the worker gets the value from ECS). */
  webhookSecretArn: string;
}

/** Variables both apps read. AWS_REGION comes from the Lambda and ECS runtimes. */
function sharedEnvironment(config: StackConfig, resources: ResourceNames): Record<string, string> {
  return {
    NODE_ENV: 'production',
    S3_BUCKET: resources.bucketName,
    JOBS_TABLE_NAME: resources.tableName,
    SQS_QUEUE_URL: resources.queueUrl,
    LOG_LEVEL: config.logLevel,
    MAX_UPLOAD_BYTES: String(config.maxUploadBytes),
    JOBS_RESULT_TTL_DAYS: String(config.jobsResultTtlDays),
    // The API stores each job's thresholds at submit (request, else manifest, else this), the worker applies them:
    // both read the registry under /app/models (image) and /var/task/models (the Lambda zip's manifests).
    MIN_CONFIDENCE: String(config.minConfidence),
  };
}

export function apiEnvironment(config: StackConfig, resources: ResourceNames): Record<string, string> {
  return {
    ...sharedEnvironment(config, resources),
    UPLOAD_URL_EXPIRES_SECONDS: String(config.uploadUrlExpiresSeconds),
    MAX_IMAGES_PER_JOB: String(config.maxImagesPerJob),
    // API Gateway routes no /docs; not building the OpenAPI document shortens every cold start.
    API_DOCS: 'false',
    // The usage plan limits clients at API Gateway; a per-container limiter would only count a fraction of them.
    RATE_LIMIT_PER_MINUTE: '0',
    // API Gateway is the proxy in front of the function: the client address comes from its X-Forwarded-For.
    TRUST_PROXY: 'true',
    ...(config.apiCorsOrigins.length > 0 && { CORS_ORIGINS: config.apiCorsOrigins.join(',') }),
    // An ARN, not the secret: the API accepts callbackUrl and points GET /webhooks/secret callers at the operator.
    WEBHOOK_SECRET_ARN: resources.webhookSecretArn,
  };
}

export function workerEnvironment(
  config: StackConfig,
  resources: ResourceNames,
  timing: QueueTiming,
): Record<string, string> {
  return {
    ...sharedEnvironment(config, resources),
    // One inference thread per vCPU the task is given (1024 CPU units = 1 vCPU).
    INFERENCE_THREADS: String(Math.max(1, Math.floor(config.workerCpu / 1024))),
    WORKER_CONCURRENCY: String(config.workerConcurrency),
    QUEUE_VISIBILITY_TIMEOUT_SECONDS: String(timing.visibilityTimeoutSeconds),
    QUEUE_HEARTBEAT_SECONDS: String(timing.heartbeatSeconds),
    MAX_RECEIVE_COUNT: String(config.maxReceiveCount),
    WORKER_HEALTH_PORT: String(WORKER_HEALTH_PORT),
    // In-flight jobs may use the container's stop timeout, minus a margin for Nest's teardown before SIGKILL.
    WORKER_STOP_TIMEOUT_SECONDS: String(workerDrainSeconds(config.workerStopTimeoutSeconds)),
    // The worker marks the jobs of dead-lettered messages FAILED, and abandons a job running past its timeout.
    SQS_DLQ_URL: resources.deadLetterQueueUrl,
    JOB_TIMEOUT_SECONDS: String(config.jobTimeoutSeconds),
    // Where webhook attempts are queued and consumed (the API never sends to it).
    WEBHOOK_QUEUE_URL: resources.webhookQueueUrl,
    // Without the pending index the requeue sweep has nothing to read: off (0) until a deploy adds it.
    ...(!config.pendingIndex && { PENDING_REQUEUE_SECONDS: '0' }),
  };
}
