import { SQSClient } from '@aws-sdk/client-sqs';
import { JobQueueOptions } from '../../jobs.options';
import { WEBHOOK_QUEUE_SETTINGS, webhooksQueueName } from '@app/infrastructure';
import { createJobQueues } from './create-job-queues';

/**
 * Creates the jobs queue and its dead-letter queue, and the webhooks queue and its own, on the self-hosted queue
 * server, or gives existing ones the configured attributes. On AWS the deployment or `npm run aws:init` creates them.
 */
export async function ensureSelfHostedQueue(sqs: SQSClient, queue: JobQueueOptions): Promise<string> {
  const { queueUrl } = await createJobQueues(sqs, {
    queueName: queue.name,
    visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
    maxReceiveCount: queue.maxReceiveCount,
  });
  await createJobQueues(sqs, { queueName: webhooksQueueName(queue.name), ...WEBHOOK_QUEUE_SETTINGS });
  return queueUrl;
}
