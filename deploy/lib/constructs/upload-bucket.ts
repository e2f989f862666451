import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export const UPLOADS_PREFIX = 'uploads/';
export const RESULTS_PREFIX = 'results/';

export interface UploadBucketProps {
  bucketName?: string;
  corsAllowedOrigins: string[];
  uploadsRetentionDays: number;
  resultsRetentionDays: number;
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
      cors: [
        {
          // PUT for presigned URLs, POST for presigned POST forms, both sent straight from the browser.
          allowedMethods: [s3.HttpMethods.PUT, s3.HttpMethods.POST],
          allowedOrigins: props.corsAllowedOrigins,
          allowedHeaders: ['Content-Type', 'Content-Length', 'x-amz-*'],
          exposedHeaders: ['ETag'],
          maxAge: 3000,
        },
      ],
      lifecycleRules: [
        { id: 'expire-uploads', prefix: UPLOADS_PREFIX, expiration: Duration.days(props.uploadsRetentionDays) },
        { id: 'expire-results', prefix: RESULTS_PREFIX, expiration: Duration.days(props.resultsRetentionDays) },
        { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
