import { Node } from 'constructs';
import { ContextReader } from './context-reader';
import {
  FARGATE_MAX_STOP_TIMEOUT_SECONDS,
  LAMBDA_ZIP_DEFAULT_PATH,
  SQS_MAX_VISIBILITY_SECONDS,
  StackConfig,
  VISIBILITY_TO_JOB_TIMEOUT_RATIO,
} from './stack-config';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
/** Fargate's valid CPU units for the sizes this worker can use. */
const FARGATE_CPUS = [256, 512, 1024, 2048, 4096, 8192, 16384];
/** The retention periods CloudWatch Logs accepts. */
const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const NAME_PATTERN = /^[a-z][a-z0-9-]{1,40}$/;
const USER_POOL_ARN = /^arn:aws[a-z-]*:cognito-idp:[a-z0-9-]+:\d{12}:userpool\/[a-z0-9-]+_[A-Za-z0-9]+$/;
/** libs/tenants TENANT_NAME, by value: the names the API accepts in API_KEY_TENANTS. */
const TENANT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Reads the stack's context parameters, applies defaults and reports every invalid one at once. */
export function readStackConfig(node: Node): StackConfig {
  const read = new ContextReader(node);
  const resultsRetentionDays = read.integer('resultsRetentionDays', 30, 1, 3650);
  const apiRateLimit = read.integer('apiRateLimit', 10, 1, 10_000);
  const apiBurstLimit = read.integer('apiBurstLimit', 20, 1, 5_000);
  const config: StackConfig = {
    namePrefix: read.string('namePrefix', 'image-detection'),
    bucketName: read.optionalString('bucketName'),
    corsAllowedOrigins: read.list('corsAllowedOrigins', ['http://localhost:3000']),
    apiCorsOrigins: read.list('apiCorsOrigins', []),
    uploadsRetentionDays: read.integer('uploadsRetentionDays', 7, 1, 3650),
    resultsRetentionDays,
    jobsResultTtlDays: read.integer('jobsResultTtlDays', resultsRetentionDays, 1, 3650),
    pendingIndex: read.boolean('pendingIndex', true),
    logRetentionDays: read.integer('logRetentionDays', 30, 1, 3653),
    jobTimeoutSeconds: read.integer(
      'jobTimeoutSeconds',
      120,
      1,
      SQS_MAX_VISIBILITY_SECONDS / VISIBILITY_TO_JOB_TIMEOUT_RATIO,
    ),
    maxReceiveCount: read.integer('maxReceiveCount', 5, 1, 1000),
    workerMinTasks: read.integer('workerMinTasks', 0, 0, 1000),
    workerMaxTasks: read.integer('workerMaxTasks', 10, 1, 1000),
    targetBacklogPerTask: read.integer('targetBacklogPerTask', 10, 1, 100_000),
    workerCpu: read.integer('workerCpu', 1024, 256, 16384),
    workerMemoryMiB: read.integer('workerMemoryMiB', 2048, 512, 122_880),
    workerConcurrency: read.integer('workerConcurrency', 2, 1, 10),
    workerStopTimeoutSeconds: read.integer(
      'workerStopTimeoutSeconds',
      FARGATE_MAX_STOP_TIMEOUT_SECONDS,
      2,
      FARGATE_MAX_STOP_TIMEOUT_SECONDS,
    ),
    minConfidence: read.decimal('minConfidence', 0.5, 0, 1),
    logLevel: read.oneOf('logLevel', 'info', LOG_LEVELS),
    maxUploadBytes: read.integer('maxUploadBytes', 20_971_520, 1, 5 * 1024 ** 3),
    uploadUrlExpiresSeconds: read.integer('uploadUrlExpiresSeconds', 900, 1, 604_800),
    maxImagesPerJob: read.integer('maxImagesPerJob', 50, 1, 1000),
    apiStageName: read.string('apiStageName', 'prod'),
    apiRateLimit,
    apiBurstLimit,
    apiQuotaPerDay: read.integer('apiQuotaPerDay', 10_000, 0, 1_000_000_000),
    tenants: read.list('tenants', ['default']),
    // Half the stage by default: one busy tenant leaves the other half to everyone else.
    tenantRateLimit: read.integer('tenantRateLimit', Math.max(1, Math.floor(apiRateLimit / 2)), 1, 10_000),
    tenantBurstLimit: read.integer('tenantBurstLimit', Math.max(1, Math.floor(apiBurstLimit / 2)), 1, 5_000),
    oldestMessageAlarmSeconds: read.integer('oldestMessageAlarmSeconds', 900, 60, 1_209_600),
    apiLatencyAlarmMs: read.integer('apiLatencyAlarmMs', 3000, 10, 60_000),
    alarmEmail: read.optionalString('alarmEmail'),
    enableCloudTrail: read.boolean('enableCloudTrail', false),
    enableWaf: read.boolean('enableWaf', false),
    cognitoUserPoolArn: read.optionalString('cognitoUserPoolArn'),
    lambdaZipPath: read.string('lambdaZipPath', LAMBDA_ZIP_DEFAULT_PATH),
    requireLambdaZip: read.boolean('requireLambdaZip', false),
  };
  const problems = [...read.problems, ...crossFieldProblems(config)];
  if (problems.length > 0) {
    throw new Error(`Invalid deploy context:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

function crossFieldProblems(config: StackConfig): string[] {
  const problems: string[] = [];
  if (!NAME_PATTERN.test(config.namePrefix)) {
    problems.push(`namePrefix must match ${NAME_PATTERN}, got ${JSON.stringify(config.namePrefix)}`);
  }
  if (!LOG_RETENTION_DAYS.includes(config.logRetentionDays)) {
    problems.push(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(', ')}, got ${config.logRetentionDays}`);
  }
  if (config.workerMinTasks > config.workerMaxTasks) {
    problems.push(
      `workerMinTasks (${config.workerMinTasks}) must not exceed workerMaxTasks (${config.workerMaxTasks})`,
    );
  }
  if (!FARGATE_CPUS.includes(config.workerCpu)) {
    problems.push(`workerCpu must be one of ${FARGATE_CPUS.join(', ')}, got ${config.workerCpu}`);
  }
  if (config.jobsResultTtlDays > config.resultsRetentionDays) {
    // A job item that outlives its results/ object would point at a deleted file.
    problems.push(
      `jobsResultTtlDays (${config.jobsResultTtlDays}) must not exceed resultsRetentionDays (${config.resultsRetentionDays})`,
    );
  }
  if (config.corsAllowedOrigins.length === 0) {
    problems.push('corsAllowedOrigins must name at least one origin');
  }
  for (const key of ['corsAllowedOrigins', 'apiCorsOrigins'] as const) {
    for (const origin of config[key]) {
      if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
        problems.push(`${key} entries must look like https://host[:port] (no path), got ${JSON.stringify(origin)}`);
      }
    }
  }
  if (config.cognitoUserPoolArn !== undefined && !USER_POOL_ARN.test(config.cognitoUserPoolArn)) {
    problems.push(
      `cognitoUserPoolArn must look like arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>, got ${JSON.stringify(config.cognitoUserPoolArn)}`,
    );
  }
  if (config.tenants.length === 0) problems.push('tenants must name at least one tenant');
  for (const tenant of config.tenants) {
    if (!TENANT_PATTERN.test(tenant)) problems.push(`tenants: ${JSON.stringify(tenant)} must match ${TENANT_PATTERN}`);
  }
  if (new Set(config.tenants).size !== config.tenants.length) problems.push('tenants must not repeat a name');
  if (config.tenantRateLimit > config.apiRateLimit) {
    problems.push(`tenantRateLimit (${config.tenantRateLimit}) must not exceed apiRateLimit (${config.apiRateLimit})`);
  }
  if (config.tenantBurstLimit > config.apiBurstLimit) {
    problems.push(
      `tenantBurstLimit (${config.tenantBurstLimit}) must not exceed apiBurstLimit (${config.apiBurstLimit})`,
    );
  }
  if (config.apiBurstLimit < config.apiRateLimit) {
    problems.push(`apiBurstLimit (${config.apiBurstLimit}) must be at least apiRateLimit (${config.apiRateLimit})`);
  }
  return problems;
}
