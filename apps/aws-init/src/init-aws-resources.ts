import { AppConfig } from '@app/config';
import { createDynamoDbClient, createJobQueues, createSqsClient } from '@app/jobs';
import { createS3Client } from '@app/storage';
import { queueNameOf } from './queue-name-of';
import { createJobsTable } from './create-jobs-table';
import { createUploadBucket } from './create-upload-bucket';

export interface InitOptions {
  /** Origins browsers may upload from; `*` suits local emulators, name your web app's origin elsewhere. */
  corsAllowedOrigins: string[];
  log: (line: string) => void;
}

/**
 * Creates, idempotently, whatever the configuration points at in AWS mode: the bucket (S3_BUCKET), the jobs table
 * (JOBS_TABLE_NAME) and the jobs queue with its DLQ (SQS_QUEUE_URL), on the endpoints the AWS_ENDPOINT_URL*
 * variables name. Returns how many resources it looked after.
 */
export async function initAwsResources(config: AppConfig, options: InitOptions): Promise<number> {
  const { log } = options;
  let done = 0;
  if (config.storage.mode === 's3') {
    const s3 = createS3Client(config);
    try {
      const outcome = await createUploadBucket(s3, config.storage.bucket, config.aws.region, options.corsAllowedOrigins);
      log(`bucket ${config.storage.bucket}: ${outcome}, CORS for PUT/POST from ${options.corsAllowedOrigins.join(', ')} (${config.aws.endpoints.s3 ?? 'AWS'})`);
    } finally {
      s3.destroy();
    }
    done++;
  }
  if (config.jobs.mode === 'dynamodb') {
    const dynamodb = createDynamoDbClient(config);
    try {
      const outcome = await createJobsTable(dynamodb, config.jobs.tableName!);
      log(`table ${config.jobs.tableName}: ${outcome}, index userId-createdAt-index, TTL on expiresAt (${config.aws.endpoints.dynamodb ?? 'AWS'})`);
    } finally {
      dynamodb.destroy();
    }
    done++;
  }
  if (config.queue.mode === 'sqs') {
    const sqs = createSqsClient(config);
    try {
      const { queue } = config;
      const created = await createJobQueues(sqs, { queueName: queueNameOf(queue.queueUrl), visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds, maxReceiveCount: queue.maxReceiveCount });
      log(`queue ${created.queueUrl} with dead-letter queue ${created.deadLetterQueueUrl} after ${queue.maxReceiveCount} receives (${queue.endpoint ?? 'AWS'})`);
      if (created.queueUrl !== queue.queueUrl) log(`note: the server calls the queue ${created.queueUrl}; set SQS_QUEUE_URL to that`);
    } finally {
      sqs.destroy();
    }
    done++;
  }
  return done;
}
