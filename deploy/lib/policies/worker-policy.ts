import * as iam from 'aws-cdk-lib/aws-iam';
import { tellMissingFromForbidden } from './list-bucket';
import { JobResourceArns, resultsObjects, uploadsObjects } from './resource-arns';

/** What the worker task may do: read photos, write results, consume the queue, move jobs through states. */
export function workerPolicyStatements(arns: JobResourceArns): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ReadUploads',
      actions: ['s3:GetObject'],
      resources: [uploadsObjects(arns)],
    }),
    new iam.PolicyStatement({
      sid: 'WriteLargeResults',
      actions: ['s3:PutObject', 's3:GetObject'],
      resources: [resultsObjects(arns)],
    }),
    tellMissingFromForbidden(arns),
    new iam.PolicyStatement({
      sid: 'ConsumeJobs',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
      resources: [arns.queueArn],
    }),
    new iam.PolicyStatement({
      sid: 'FailDeadLetteredJobs',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
      resources: [arns.deadLetterQueueArn],
    }),
    new iam.PolicyStatement({
      sid: 'UpdateJobs',
      actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
      resources: [arns.tableArn],
    }),
    // Webhooks: the first attempt and each retry are sent to the webhooks queue, and consumed from it.
    new iam.PolicyStatement({
      sid: 'DeliverWebhooks',
      actions: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
      resources: [arns.webhookQueueArn],
    }),
    // The requeue sweep: find jobs PENDING too long in the sparse index and send their message again.
    new iam.PolicyStatement({
      sid: 'RequeuePendingJobs',
      actions: ['dynamodb:Query', 'sqs:SendMessage'],
      resources: [arns.pendingIndexArn, arns.queueArn],
    }),
  ];
}
