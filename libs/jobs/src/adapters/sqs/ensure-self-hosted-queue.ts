import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { AppConfig } from '@app/config';

/**
 * Creates the jobs queue and its dead-letter queue on the self-hosted queue server (idempotent: CreateQueue with
 * the same attributes returns the existing queue). On AWS the deployment or `npm run aws:init` creates them.
 */
export async function ensureSelfHostedQueue(sqs: SQSClient, config: AppConfig): Promise<string> {
  const { name } = config.queue.selfHosted;
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq`, Attributes: { MessageRetentionPeriod: '1209600' } }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq.QueueUrl, AttributeNames: ['QueueArn'] }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        VisibilityTimeout: String(config.queue.visibilityTimeoutSeconds),
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: config.queue.maxReceiveCount }),
      },
    }),
  );
  return queue.QueueUrl!;
}
