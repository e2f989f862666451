import { BUCKET_NAME_PATTERN } from '@app/infrastructure';

type Env = Record<string, unknown>;

interface CrossFieldRule {
  /** The variables the rule reads; it is skipped when one of them already failed its own check. */
  reads: string[];
  /** A problem in words, or null when the combination is fine. `given` holds only what was actually set. */
  check(env: Env, given: Env): string | null;
}

/** `<endpoint>/<12-digit account>/<queue name>` as Amazon SQS, moto and the project's queue server all build them. */
const QUEUE_URL_PATH = /^\/[^/]+\/[a-zA-Z0-9_-]{1,80}(\.fifo)?\/?$/;
/** sqs.<region>.amazonaws.com (and .com.cn), or the legacy <region>.queue.amazonaws.com. */
const AWS_QUEUE_HOST = /^(?:sqs\.([a-z0-9-]+)|([a-z0-9-]+)\.queue)\.amazonaws\.com(?:\.cn)?$/;

const isSet = (value: unknown) => value !== undefined && value !== '';
const usesAws = (env: Env) => isSet(env.S3_BUCKET) || isSet(env.JOBS_TABLE_NAME) || isSet(env.SQS_QUEUE_URL);

const RULES: CrossFieldRule[] = [
  {
    reads: ['CORS_ALLOWED_ORIGINS'],
    check: (env) =>
      Array.isArray(env.CORS_ALLOWED_ORIGINS) && env.CORS_ALLOWED_ORIGINS.length === 0
        ? 'CORS_ALLOWED_ORIGINS must name at least one origin'
        : null,
  },
  {
    reads: ['UPLOAD_RETENTION_DAYS', 'S3_BUCKET'],
    check: (env) =>
      isSet(env.S3_BUCKET) && env.UPLOAD_RETENTION_DAYS === 0
        ? "UPLOAD_RETENTION_DAYS must be at least 1 with S3_BUCKET: it is the uploads/ lifecycle rule's expiry"
        : null,
  },
  {
    reads: ['JOBS_RESULT_TTL_DAYS', 'RESULTS_RETENTION_DAYS'],
    check: (env) =>
      isSet(env.JOBS_RESULT_TTL_DAYS) && Number(env.JOBS_RESULT_TTL_DAYS) > Number(env.RESULTS_RETENTION_DAYS)
        ? `JOBS_RESULT_TTL_DAYS (${env.JOBS_RESULT_TTL_DAYS}) must not exceed RESULTS_RETENTION_DAYS (${env.RESULTS_RETENTION_DAYS}): a job would point at a deleted results file`
        : null,
  },
  {
    reads: ['S3_BUCKET'],
    check: (env) =>
      !isSet(env.S3_BUCKET) || BUCKET_NAME_PATTERN.test(String(env.S3_BUCKET))
        ? null
        : `S3_BUCKET "${env.S3_BUCKET}" is not a bucket name s3:// image URLs can name: 3-63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit`,
  },
  {
    reads: ['SQS_QUEUE_URL'],
    check: (env) =>
      !isSet(env.SQS_QUEUE_URL) || QUEUE_URL_PATH.test(new URL(String(env.SQS_QUEUE_URL)).pathname)
        ? null
        : `SQS_QUEUE_URL "${env.SQS_QUEUE_URL}" must end in /<account id>/<queue name>, e.g. https://sqs.us-east-1.amazonaws.com/123456789012/image-processing-queue`,
  },
  {
    reads: ['SQS_QUEUE_URL'],
    check: (env) =>
      isSet(env.SQS_QUEUE_URL) && /\.fifo\/?$/.test(new URL(String(env.SQS_QUEUE_URL)).pathname)
        ? 'SQS_QUEUE_URL names a FIFO queue; the jobs queue must be a standard queue (job messages carry no group id)'
        : null,
  },
  {
    reads: ['SQS_QUEUE_URL', 'AWS_REGION'],
    // Only an explicit AWS_REGION can contradict the URL; the us-east-1 default is a guess, not a statement.
    check: (env, given) => {
      if (!isSet(env.SQS_QUEUE_URL) || !isSet(given.AWS_REGION)) return null;
      const match = AWS_QUEUE_HOST.exec(new URL(String(env.SQS_QUEUE_URL)).hostname);
      const queueRegion = match?.[1] ?? match?.[2];
      return !queueRegion || queueRegion === env.AWS_REGION
        ? null
        : `SQS_QUEUE_URL is a queue in ${queueRegion} but AWS_REGION is ${env.AWS_REGION}: set AWS_REGION=${queueRegion} (the other AWS resources must be in that region too)`;
    },
  },
  {
    reads: ['JOBS_RESULT_TTL_DAYS', 'JOBS_TABLE_NAME'],
    check: (env) =>
      isSet(env.JOBS_RESULT_TTL_DAYS) && !isSet(env.JOBS_TABLE_NAME)
        ? 'JOBS_RESULT_TTL_DAYS needs JOBS_TABLE_NAME: only the DynamoDB job store expires jobs (the SQLite store uses RETENTION_DAYS)'
        : null,
  },
  {
    reads: ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
    check: (env) =>
      usesAws(env) && isSet(env.AWS_ACCESS_KEY_ID) !== isSet(env.AWS_SECRET_ACCESS_KEY)
        ? `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together (only ${isSet(env.AWS_ACCESS_KEY_ID) ? 'AWS_ACCESS_KEY_ID' : 'AWS_SECRET_ACCESS_KEY'} is); unset both to use the SDK's other credential sources`
        : null,
  },
];

/**
 * Problems no single variable shows: half-set or contradictory combinations. Rules over a variable that already
 * failed its own check are skipped, so each mistake is reported once.
 */
export function crossFieldProblems(env: Env, given: Env, alreadyInvalid: ReadonlySet<string>): string[] {
  return RULES.filter((rule) => !rule.reads.some((name) => alreadyInvalid.has(name)))
    .map((rule) => rule.check(env, given))
    .filter((problem): problem is string => problem !== null);
}
