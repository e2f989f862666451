import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { BucketLifecycleRule, BucketRetention, bucketCorsRules, bucketLifecycleRules } from '@app/infrastructure';

export interface UploadBucketSpec extends BucketRetention {
  bucket: string;
  region: string;
  /** Origins browsers may upload from. */
  allowedOrigins: string[];
}

/**
 * The uploads bucket with @app/infrastructure's CORS rules (browser uploads by presigned PUT and POST) and lifecycle
 * rules (uploads/ and results/ expire, stale multipart uploads abort), the shapes deploy/ reads too.
 * Idempotent: an existing bucket of ours is kept and its CORS and lifecycle rules are set again.
 */
export async function createUploadBucket(s3: S3Client, spec: UploadBucketSpec): Promise<'created' | 'exists'> {
  const { bucket, region } = spec;
  const outcome = (await exists(s3, bucket)) ? 'exists' : 'created';
  if (outcome === 'created') {
    // us-east-1 is the one region that refuses an explicit LocationConstraint.
    const location =
      region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as never } };
    await s3.send(new CreateBucketCommand({ Bucket: bucket, ...location }));
  }
  await s3.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: bucketCorsRules(spec.allowedOrigins).map((rule) => ({
          AllowedMethods: rule.allowedMethods,
          AllowedOrigins: rule.allowedOrigins,
          AllowedHeaders: rule.allowedHeaders,
          ExposeHeaders: rule.exposedHeaders,
          MaxAgeSeconds: rule.maxAgeSeconds,
        })),
      },
    }),
  );
  await s3.send(
    new PutBucketLifecycleConfigurationCommand({
      Bucket: bucket,
      LifecycleConfiguration: { Rules: bucketLifecycleRules(spec).map(toS3Rule) },
    }),
  );
  return outcome;
}

function toS3Rule(rule: BucketLifecycleRule) {
  return {
    ID: rule.id,
    Status: 'Enabled' as const,
    // An empty prefix is S3's "every object" (what CloudFormation writes for a rule without one).
    Filter: { Prefix: rule.prefix ?? '' },
    ...(rule.expirationDays !== undefined && { Expiration: { Days: rule.expirationDays } }),
    ...(rule.abortIncompleteMultipartUploadDays !== undefined && {
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: rule.abortIncompleteMultipartUploadDays },
    }),
  };
}

/** HeadBucket: 200 ours, 404 missing; 403 (someone else's name) is thrown, since it cannot be created either. */
async function exists(s3: S3Client, bucket: string): Promise<boolean> {
  try {
    await s3.send(new HeadBucketCommand({ Bucket: bucket }));
    return true;
  } catch (error) {
    if (error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}
