import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { deadLetterQueueName, JobQueueSettings, jobQueuesShape } from '@app/infrastructure';

export interface JobQueuesSpec extends JobQueueSettings {
  queueName: string;
}

export interface JobQueues {
  queueUrl: string;
  deadLetterQueueUrl: string;
}

/**
 * The jobs queue and its dead-letter queue `<name>-dlq`, with the attributes of @app/infrastructure's jobQueuesShape
 * (which deploy/ reads too): a message received
 * maxReceiveCount times without being deleted moves to the DLQ. Idempotent: existing queues get these attributes,
 * so a restart with another MAX_RECEIVE_COUNT or visibility timeout takes them. Used by aws:init and, self-hosted,
 * at every start of the API and the worker.
 */
export async function createJobQueues(sqs: SQSClient, spec: JobQueuesSpec): Promise<JobQueues> {
  const shape = jobQueuesShape(spec);
  const deadLetterQueueUrl = await upsertQueue(sqs, deadLetterQueueName(spec.queueName), {
    MessageRetentionPeriod: String(shape.deadLetterQueue.retentionSeconds),
  });
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: deadLetterQueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueUrl = await upsertQueue(sqs, spec.queueName, {
    VisibilityTimeout: String(shape.queue.visibilityTimeoutSeconds),
    ReceiveMessageWaitTimeSeconds: String(shape.queue.receiveWaitSeconds),
    MessageRetentionPeriod: String(shape.queue.retentionSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: Attributes?.QueueArn,
      maxReceiveCount: shape.redrive.maxReceiveCount,
    }),
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
