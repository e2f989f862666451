import { CreateBucketCommand, HeadBucketCommand, PutBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * The uploads bucket with CORS for browser uploads (presigned PUT and presigned POST), as deploy/ sets it.
 * Idempotent: an existing bucket of ours is kept and its CORS rules are set again.
 */
export async function createUploadBucket(
  s3: S3Client,
  bucket: string,
  region: string,
  allowedOrigins: string[],
): Promise<'created' | 'exists'> {
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
        CORSRules: [
          {
            AllowedMethods: ['PUT', 'POST'],
            AllowedOrigins: allowedOrigins,
            AllowedHeaders: ['Content-Type', 'Content-Length', 'x-amz-*'],
            ExposeHeaders: ['ETag'],
            MaxAgeSeconds: 3000,
          },
        ],
      },
    }),
  );
  return outcome;
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
