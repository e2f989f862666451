import { SQSClient } from '@aws-sdk/client-sqs';
import { AppConfig } from '@app/config';
import { createJobQueues } from './create-job-queues';

/**
 * Creates the jobs queue and its dead-letter queue on the self-hosted queue server, or gives existing ones the
 * configured attributes. On AWS the deployment or `npm run aws:init` creates them.
 */
export async function ensureSelfHostedQueue(sqs: SQSClient, config: AppConfig): Promise<string> {
  const { queueUrl } = await createJobQueues(sqs, {
    queueName: config.queue.selfHosted.name,
    visibilityTimeoutSeconds: config.queue.visibilityTimeoutSeconds,
    maxReceiveCount: config.queue.maxReceiveCount,
  });
  return queueUrl;
}
