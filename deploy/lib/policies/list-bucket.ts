import * as iam from 'aws-cdk-lib/aws-iam';
import { JobResourceArns } from './resource-arns';

/**
 * Both roles read objects that may be missing. Without ListBucket, S3 answers 403 instead of 404 for a
 * missing key: a never-uploaded image would look like an outage (500, retries) instead of a 400 / a failed
 * image. HeadBucket (the storage ping) needs it too.
 */
export function tellMissingFromForbidden(arns: JobResourceArns): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'TellMissingFromForbidden',
    actions: ['s3:ListBucket'],
    resources: [arns.bucketArn],
  });
}
