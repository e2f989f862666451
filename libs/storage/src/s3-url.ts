import { BUCKET_NAME_SOURCE } from '@app/infrastructure';

export interface S3Location {
  bucket: string;
  key: string;
}

const S3_URL = new RegExp(`^s3://(${BUCKET_NAME_SOURCE})/(.+)$`);

/** Parses `s3://bucket/key`; returns null for anything else (other schemes, a missing key, a bad bucket name). */
export function parseS3Url(url: string): S3Location | null {
  const match = S3_URL.exec(url);
  if (!match) return null;
  const key = match[2];
  if (key.split('/').some((segment) => segment === '..' || segment === '.')) return null;
  return { bucket: match[1], key };
}

export function formatS3Url({ bucket, key }: S3Location): string {
  return `s3://${bucket}/${key}`;
}
