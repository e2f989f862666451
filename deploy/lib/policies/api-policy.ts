import * as iam from 'aws-cdk-lib/aws-iam';
import { tellMissingFromForbidden } from './list-bucket';
import { JobResourceArns, resultsObjects, uploadsObjects } from './resource-arns';

/**
 * What the API Lambda may do, mirroring the user's hand-written policy: presign uploads, check that a
 * submitted object exists (HeadObject needs s3:GetObject), read large results back, enqueue jobs and
 * keep the job table.
 */
export function apiPolicyStatements(arns: JobResourceArns): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'PresignAndCheckUploads',
      actions: ['s3:PutObject', 's3:GetObject'],
      resources: [uploadsObjects(arns)],
    }),
    new iam.PolicyStatement({
      sid: 'ReadLargeResults',
      actions: ['s3:GetObject'],
      resources: [resultsObjects(arns)],
    }),
    tellMissingFromForbidden(arns),
    new iam.PolicyStatement({
      sid: 'EnqueueJobs',
      // GetQueueAttributes lets GET /health probe the queue without sending anything.
      actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
      resources: [arns.queueArn],
    }),
    new iam.PolicyStatement({
      sid: 'KeepJobs',
      actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      resources: [arns.tableArn, arns.userIndexArn],
    }),
  ];
}
