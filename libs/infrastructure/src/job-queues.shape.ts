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

/**
 * The webhooks queue: one message per delivery attempt of a job's webhook, beside the jobs queue so that a receiver
 * that is down never holds up detection. An attempt takes 5 s at most, so 60 s of visibility leave room; a message
 * its consumer fails on (the store down, not the receiver: a receiver's failure is a scheduled retry) 5 times goes
 * to its own dead-letter queue.
 */
export const WEBHOOK_QUEUE_SETTINGS: JobQueueSettings = { visibilityTimeoutSeconds: 60, maxReceiveCount: 5 };

/** The webhooks queue of a jobs queue is `<jobs queue name>-webhooks`, its dead-letter queue that name + `-dlq`. */
export const webhooksQueueName = (jobsQueue: string): string => `${jobsQueue}-webhooks`;
