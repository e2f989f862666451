import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { BucketRetention, bucketCorsRules, bucketLifecycleRules } from '@app/infrastructure';

export interface UploadBucketProps extends BucketRetention {
  bucketName?: string;
  corsAllowedOrigins: string[];
  /** Server access logs are kept this long (the stack's logRetentionDays). */
  logRetentionDays: number;
}

/** Holds the uploaded photos (uploads/) and the results too large for a DynamoDB item (results/). */
export class UploadBucket extends Construct {
  readonly bucket: s3.Bucket;
  /** S3 server access logs of the uploads bucket (and of the audit trail's bucket, when there is one). */
  readonly accessLogsBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: UploadBucketProps) {
    super(scope, id);
    // S3 delivers access logs by a bucket policy for logging.s3.amazonaws.com, not by the legacy ACL, which the
    // buckets' BUCKET_OWNER_ENFORCED ownership (ACLs off) would refuse.
    this.node.setContext(cxapi.S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    this.accessLogsBucket = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      // S3 server access logging can deliver only to SSE-S3 buckets.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(props.logRetentionDays) }],
    });
    NagSuppressions.addResourceSuppressions(this.accessLogsBucket, [
      {
        id: 'AwsSolutions-S1',
        reason:
          'This is the access-log bucket itself: logging it into itself would log every log delivery, and into another ' +
          'bucket would only move the question. Only the S3 logging service writes to it (bucket policy).',
      },
    ]);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: props.bucketName,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Job data is the user's; deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'uploads-bucket/',
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
