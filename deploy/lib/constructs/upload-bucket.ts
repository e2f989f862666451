import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BucketRetention, bucketCorsRules, bucketLifecycleRules } from '@app/infrastructure';

export interface UploadBucketProps extends BucketRetention {
  bucketName?: string;
  corsAllowedOrigins: string[];
}

/** Holds the uploaded photos (uploads/) and the results too large for a DynamoDB item (results/). */
export class UploadBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Job data is the user's; deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
      // PUT for presigned URLs, POST for presigned POST forms, both sent straight from the browser.
      cors: bucketCorsRules(props.corsAllowedOrigins).map((rule) => ({
        allowedMethods: rule.allowedMethods.map((method) => s3.HttpMethods[method]),
        allowedOrigins: rule.allowedOrigins,
        allowedHeaders: rule.allowedHeaders,
        exposedHeaders: rule.exposedHeaders,
        maxAge: rule.maxAgeSeconds,
      })),
      lifecycleRules: bucketLifecycleRules(props).map((rule) => ({
        id: rule.id,
        prefix: rule.prefix,
        expiration: rule.expirationDays === undefined ? undefined : Duration.days(rule.expirationDays),
        abortIncompleteMultipartUploadAfter:
          rule.abortIncompleteMultipartUploadDays === undefined
            ? undefined
            : Duration.days(rule.abortIncompleteMultipartUploadDays),
      })),
    });
  }
}
