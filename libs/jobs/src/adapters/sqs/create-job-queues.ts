import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

export interface JobQueuesSpec {
  queueName: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
}

export interface JobQueues {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * 14 days, the longest SQS keeps a message: on the DLQ, time to look at failed jobs and redrive them; on the jobs
 * queue, so that no accepted job expires unprocessed while the workers are down for days.
 */
const RETENTION_SECONDS = '1209600';

/**
 * The jobs queue and its dead-letter queue `<name>-dlq`, as deploy/ creates them: a message received
 * maxReceiveCount times without being deleted moves to the DLQ. Idempotent: existing queues get these attributes,
 * so a restart with another MAX_RECEIVE_COUNT or visibility timeout takes them. Used by aws:init and, self-hosted,
 * at every start of the API and the worker.
 */
export async function createJobQueues(sqs: SQSClient, spec: JobQueuesSpec): Promise<JobQueues> {
  const deadLetterQueueUrl = await upsertQueue(sqs, `${spec.queueName}-dlq`, {
    MessageRetentionPeriod: RETENTION_SECONDS,
  });
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueUrl = await upsertQueue(sqs, spec.queueName, {
    VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
    ReceiveMessageWaitTimeSeconds: '20',
    MessageRetentionPeriod: RETENTION_SECONDS,
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: Attributes?.QueueArn, maxReceiveCount: spec.maxReceiveCount }),
  });
  return { queueUrl, deadLetterQueueUrl };
}

/** CreateQueue refuses an existing queue with other attributes, so an existing queue is updated instead. */
async function upsertQueue(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<string> {
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl, Attributes: attributes }));
    return QueueUrl!;
  } catch (error) {
    if (error.name !== 'QueueDoesNotExist' && error.name !== 'AWS.SimpleQueueService.NonExistentQueue') throw error;
  }
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return QueueUrl!;
}
