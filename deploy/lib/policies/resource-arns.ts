import { RESULTS_PREFIX, UPLOADS_PREFIX } from '@app/infrastructure';

/** The ARNs the two roles are scoped to; nothing else is ever granted. */
export interface JobResourceArns {
  bucketArn: string;
  queueArn: string;
  deadLetterQueueArn: string;
  /** The webhooks queue: the worker consumes it and queues each retry on it. */
  webhookQueueArn: string;
  tableArn: string;
  userIndexArn: string;
  pendingIndexArn: string;
}

// The same prefixes as the bucket's lifecycle rules and the keys the app writes (upload keys, offloaded results).
export const uploadsObjects = (arns: JobResourceArns): string => `${arns.bucketArn}/${UPLOADS_PREFIX}*`;
export const resultsObjects = (arns: JobResourceArns): string => `${arns.bucketArn}/${RESULTS_PREFIX}*`;
