/** Presigned uploads only ever write under this prefix; the API refuses image URLs outside it. */
export const UPLOADS_PREFIX = 'uploads/';
/** Results too large for a DynamoDB item: `results/<jobId>/<writeId>.json`. */
export const RESULTS_PREFIX = 'results/';

/**
 * S3's bucket naming rule as far as `s3://<bucket>/<key>` image URLs need it: 3-63 lowercase letters, digits, dots
 * and hyphens, starting and ending with a letter or digit. Read by the configuration and the s3:// parser.
 */
export const BUCKET_NAME_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
/** The same rule without anchors, to embed in a larger pattern. */
export const BUCKET_NAME_SOURCE = BUCKET_NAME_PATTERN.source.slice(1, -1);

/** Defaults of the lifecycle rules; the CDK stack takes others from its context. */
export const DEFAULT_UPLOADS_RETENTION_DAYS = 7;
export const DEFAULT_RESULTS_RETENTION_DAYS = 30;
/** A multipart upload left unfinished this long is aborted, so its parts stop costing money. */
export const ABORT_INCOMPLETE_MULTIPART_DAYS = 1;

/** One CORS rule: browsers upload straight to the bucket, PUT for presigned URLs and POST for presigned forms. */
export interface BucketCorsRule {
  allowedMethods: Array<'PUT' | 'POST'>;
  allowedOrigins: string[];
  allowedHeaders: string[];
  exposedHeaders: string[];
  maxAgeSeconds: number;
}

export function bucketCorsRules(allowedOrigins: string[]): BucketCorsRule[] {
  return [
    {
      allowedMethods: ['PUT', 'POST'],
      allowedOrigins,
      allowedHeaders: ['Content-Type', 'Content-Length', 'x-amz-*'],
      exposedHeaders: ['ETag'],
      maxAgeSeconds: 3000,
    },
  ];
}

export interface BucketRetention {
  uploadsRetentionDays: number;
  resultsRetentionDays: number;
}

/** A lifecycle rule: expire objects under `prefix` after `expirationDays`, or abort stale multipart uploads. */
export interface BucketLifecycleRule {
  id: string;
  prefix?: string;
  expirationDays?: number;
  abortIncompleteMultipartUploadDays?: number;
}

/** Uploads and results expire (the job item's TTL must not outlive its results file); stale multiparts abort. */
export function bucketLifecycleRules(retention: BucketRetention): BucketLifecycleRule[] {
  return [
    { id: 'expire-uploads', prefix: UPLOADS_PREFIX, expirationDays: retention.uploadsRetentionDays },
    { id: 'expire-results', prefix: RESULTS_PREFIX, expirationDays: retention.resultsRetentionDays },
    { id: 'abort-incomplete-multipart', abortIncompleteMultipartUploadDays: ABORT_INCOMPLETE_MULTIPART_DAYS },
  ];
}
