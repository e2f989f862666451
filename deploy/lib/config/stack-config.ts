/** Every deploy-time parameter of the stack. Each one is a CDK context key of the same name. */
export interface StackConfig {
  /** Prefix of the names of the table, queues, API, cluster and log groups. */
  namePrefix: string;
  /** Bucket name; unset lets CloudFormation generate a globally unique one. */
  bucketName?: string;
  /** Origins allowed to PUT/POST uploads straight from a browser (bucket CORS). */
  corsAllowedOrigins: string[];
  /**
   * CORS_ORIGINS of the API: origins whose browser pages may call it (with a Cognito token). Empty (the default)
   * adds no preflight routes and no CORS headers, so browsers on other origins stay refused.
   */
  apiCorsOrigins: string[];
  uploadsRetentionDays: number;
  resultsRetentionDays: number;
  /** JOBS_RESULT_TTL_DAYS: DynamoDB TTL of jobs; at most resultsRetentionDays so no job outlives its results file. */
  jobsResultTtlDays: number;
  /**
   * The jobs table's sparse pending index, which the worker's requeue sweep reads. false leaves it out (and the
   * sweep off) for one deploy: CloudFormation adds one index per update, and a stack from before tenants gains the
   * tenant index first.
   */
  pendingIndex: boolean;
  logRetentionDays: number;
  /** Longest a job may take; the queue's visibility timeout is 6 times this. */
  jobTimeoutSeconds: number;
  maxReceiveCount: number;
  workerMinTasks: number;
  workerMaxTasks: number;
  /** Target of the scaling policy: visible messages per running task. */
  targetBacklogPerTask: number;
  workerCpu: number;
  workerMemoryMiB: number;
  workerConcurrency: number;
  workerStopTimeoutSeconds: number;
  minConfidence: number;
  logLevel: string;
  maxUploadBytes: number;
  uploadUrlExpiresSeconds: number;
  maxImagesPerJob: number;
  apiStageName: string;
  apiRateLimit: number;
  apiBurstLimit: number;
  /** Requests per API key per day; 0 means no quota. */
  apiQuotaPerDay: number;
  /** One API key and usage plan per tenant; API_KEY_TENANTS tells the API which key is whose. */
  tenants: string[];
  /** Each tenant's usage plan: at most the stage's limits, so no single tenant can use up the whole API. */
  tenantRateLimit: number;
  tenantBurstLimit: number;
  oldestMessageAlarmSeconds: number;
  apiLatencyAlarmMs: number;
  alarmEmail?: string;
  enableCloudTrail: boolean;
  /** Attach a regional WAF web ACL of AWS managed rule groups to the API stage. */
  enableWaf: boolean;
  /** A Cognito user pool: its tokens are then required on every product route (a Cognito authorizer). */
  cognitoUserPoolArn?: string;
  /** Lambda zip, relative to the repository root (or absolute). */
  lambdaZipPath: string;
  /** Fail the synth instead of deploying a placeholder when the zip is missing. */
  requireLambdaZip: boolean;
}

export const LAMBDA_ZIP_DEFAULT_PATH = 'dist/lambda/lambda-deployment.zip';
/** Fargate gives a container at most 120 s between SIGTERM and SIGKILL. */
export const FARGATE_MAX_STOP_TIMEOUT_SECONDS = 120;
/** SQS caps the visibility timeout at 12 hours. */
export const SQS_MAX_VISIBILITY_SECONDS = 43_200;
export const VISIBILITY_TO_JOB_TIMEOUT_RATIO = 6;
