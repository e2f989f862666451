import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { deadLetterQueueName, jobQueuesShape, jobsQueueName } from '@app/infrastructure';

export interface JobQueueProps {
  namePrefix: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  /** The queue's name; by default the jobs queue's (`<namePrefix>-jobs`). */
  queueName?: string;
}

/**
 * One message per job; a message received maxReceiveCount times without being deleted goes to the DLQ. Retention,
 * long polling and redrive are @app/infrastructure's jobQueuesShape, which `npm run aws:init` applies too.
 */
export class JobQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: JobQueueProps) {
    super(scope, id);
    const shape = jobQueuesShape(props);
    const queueName = props.queueName ?? jobsQueueName(props.namePrefix);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: deadLetterQueueName(queueName),
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(shape.deadLetterQueue.retentionSeconds),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      queueName,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(shape.queue.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(shape.queue.retentionSeconds),
      receiveMessageWaitTime: Duration.seconds(shape.queue.receiveWaitSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: shape.redrive.maxReceiveCount },
    });
  }
}
