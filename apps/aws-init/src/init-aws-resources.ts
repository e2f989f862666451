import { AppConfig, jobQueueOptionsOf } from '@app/config';
import { JOBS_TABLE, WEBHOOK_QUEUE_SETTINGS } from '@app/infrastructure';
import { createDynamoDbClient, createJobQueues, createJobsTable, createSqsClient } from '@app/jobs';
import { createS3Client } from '@app/storage';
import { queueNameOf } from './queue-name-of';
import { createUploadBucket } from './create-upload-bucket';

export interface InitOptions {
  log: (line: string) => void;
}

/**
 * Creates, idempotently, whatever the configuration points at in AWS mode: the bucket (S3_BUCKET), the jobs table
 * (JOBS_TABLE_NAME), the jobs queue with its DLQ (SQS_QUEUE_URL) and the webhooks queue with its own, on the endpoints the AWS_ENDPOINT_URL*
 * variables name. Returns how many resources it looked after.
 */
export async function initAwsResources(config: AppConfig, options: InitOptions): Promise<number> {
  const { log } = options;
  const { corsAllowedOrigins, uploadRetentionDays: uploadsRetentionDays, resultsRetentionDays } = config.storage;
  let done = 0;
  if (config.storage.mode === 's3') {
    const { bucket } = config.storage;
    const outcome = await withClient(createS3Client(s3Options(config)), (s3) =>
      createUploadBucket(s3, {
        bucket,
        region: config.aws.region,
        allowedOrigins: corsAllowedOrigins,
        uploadsRetentionDays,
        resultsRetentionDays,
      }),
    );
    log(
      `bucket ${bucket}: ${outcome}, CORS for PUT/POST from ${corsAllowedOrigins.join(', ')}, uploads/ kept ${uploadsRetentionDays} days, results/ ${resultsRetentionDays} (${config.aws.endpoints.s3 ?? 'AWS'})`,
    );
    done++;
  }
  if (config.jobs.mode === 'dynamodb') {
    const tableName = config.jobs.tableName!;
    const outcome = await withClient(createDynamoDbClient(dynamoDbOptions(config)), (dynamodb) =>
      createJobsTable(dynamodb, tableName),
    );
    log(
      `table ${tableName}: ${outcome}, indexes ${JOBS_TABLE.userIndex.name} and ${JOBS_TABLE.pendingIndex.name}, TTL on ${JOBS_TABLE.ttlAttribute} (${config.aws.endpoints.dynamodb ?? 'AWS'})`,
    );
    done++;
  }
  if (config.queue.mode === 'sqs') {
    const { queue } = config;
    const settings = {
      queueName: queueNameOf(queue.queueUrl),
      visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
      maxReceiveCount: queue.maxReceiveCount,
    };
    const created = await withClient(createSqsClient(jobQueueOptionsOf(config)), (sqs) =>
      createJobQueues(sqs, settings),
    );
    log(
      `queue ${created.queueUrl} with dead-letter queue ${created.deadLetterQueueUrl} after ${queue.maxReceiveCount} receives (${queue.endpoint ?? 'AWS'})`,
    );
    if (created.queueUrl !== queue.queueUrl)
      log(`note: the server calls the queue ${created.queueUrl}; set SQS_QUEUE_URL to that`);
    // The webhooks queue and its DLQ: the same shape as everywhere (WEBHOOK_QUEUE_SETTINGS), named after the jobs
    // queue unless WEBHOOK_QUEUE_URL names another.
    const webhooks = await withClient(createSqsClient(jobQueueOptionsOf(config)), (sqs) =>
      createJobQueues(sqs, { queueName: queueNameOf(config.webhooks.queueUrl), ...WEBHOOK_QUEUE_SETTINGS }),
    );
    log(`webhooks queue ${webhooks.queueUrl} with dead-letter queue ${webhooks.deadLetterQueueUrl}`);
    if (webhooks.queueUrl !== config.webhooks.queueUrl)
      log(`note: the server calls the webhooks queue ${webhooks.queueUrl}; set WEBHOOK_QUEUE_URL to that`);
    done++;
  }
  return done;
}

const s3Options = (config: AppConfig) => ({
  region: config.aws.region,
  endpoint: config.aws.endpoints.s3,
  forcePathStyle: config.storage.forcePathStyle,
});
const dynamoDbOptions = (config: AppConfig) => ({ region: config.aws.region, endpoint: config.aws.endpoints.dynamodb });

/** Runs `work` with a client made for this one step, and frees the client's sockets whatever happens. */
async function withClient<TClient extends { destroy(): void }, TResult>(
  client: TClient,
  work: (client: TClient) => Promise<TResult>,
): Promise<TResult> {
  try {
    return await work(client);
  } finally {
    client.destroy();
  }
}
