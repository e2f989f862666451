/**
 * 14 days, the longest SQS keeps a message: on the DLQ, time to look at failed jobs and redrive them; on the jobs
 * queue, so that no accepted job expires unprocessed while the workers are down for days.
 */
export const QUEUE_RETENTION_SECONDS = 14 * 24 * 3600;
/** Long polling by default keeps empty receives (and their cost) down; 20 s is the most SQS allows. */
export const RECEIVE_WAIT_SECONDS = 20;

export interface JobQueueSettings {
  visibilityTimeoutSeconds: number;
  /** Deliveries before SQS moves a message to the dead-letter queue. */
  maxReceiveCount: number;
}

/** The attributes of the jobs queue and of its dead-letter queue, apart from the DLQ's ARN (known once it exists). */
export interface JobQueuesShape {
  queue: { visibilityTimeoutSeconds: number; retentionSeconds: number; receiveWaitSeconds: number };
  redrive: { maxReceiveCount: number };
  deadLetterQueue: { retentionSeconds: number };
}

/** One message per job; a message received maxReceiveCount times without being deleted goes to the DLQ. */
export function jobQueuesShape(settings: JobQueueSettings): JobQueuesShape {
  return {
    queue: {
      visibilityTimeoutSeconds: settings.visibilityTimeoutSeconds,
      retentionSeconds: QUEUE_RETENTION_SECONDS,
      receiveWaitSeconds: RECEIVE_WAIT_SECONDS,
    },
    redrive: { maxReceiveCount: settings.maxReceiveCount },
    deadLetterQueue: { retentionSeconds: QUEUE_RETENTION_SECONDS },
  };
}

/** The dead-letter queue of a jobs queue is always `<name>-dlq`. */
export const deadLetterQueueName = (queueName: string): string => `${queueName}-dlq`;

/** The jobs queue name the CDK stack uses (`<namePrefix>-jobs`). */
export const jobsQueueName = (namePrefix: string): string => `${namePrefix}-jobs`;
