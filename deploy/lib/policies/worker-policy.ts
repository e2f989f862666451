import * as iam from 'aws-cdk-lib/aws-iam';
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
    new iam.PolicyStatement({
      sid: 'TellMissingFromForbidden',
      // Without ListBucket, S3 answers 403 instead of 404 for a missing key: a never-uploaded image would look
      // like an outage (500, retries) instead of a 400 / a failed image. HeadBucket (the storage ping) needs it too.
      actions: ['s3:ListBucket'],
      resources: [arns.bucketArn],
    }),
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
  ];
}
