import { describe, expect, it } from 'vitest';
import { formatS3Url, parseS3Url } from '../src/s3-url';

describe('s3:// URLs', () => {
  it.each([
    [
      's3://image-processing-uploads/uploads/2026/11/28/abc-car.jpg',
      'image-processing-uploads',
      'uploads/2026/11/28/abc-car.jpg',
    ],
    ['s3://abc/k', 'abc', 'k'],
    ['s3://my.bucket-1/a b/ü.png', 'my.bucket-1', 'a b/ü.png'],
    ['s3://bucket/a//b', 'bucket', 'a//b'],
    ['s3://bucket/..hidden/x..y', 'bucket', '..hidden/x..y'],
    [`s3://${'b'.repeat(63)}/k`, 'b'.repeat(63), 'k'],
  ])('when the URL is %s, then it parses into its bucket and key', (url, bucket, key) => {
    expect(parseS3Url(url)).toEqual({ bucket, key });
  });

  it.each([
    ['an https URL', 'https://bucket.s3.amazonaws.com/key.png'],
    ['an upper-case scheme', 'S3://bucket/key.png'],
    ['an s3a URL', 's3a://bucket/key.png'],
    ['a bare key', 'bucket/key.png'],
    ['no key', 's3://bucket'],
    ['an empty key', 's3://bucket/'],
    ['an empty string', ''],
  ])('when the URL is %s, then it is refused (null)', (_, url) => {
    expect(parseS3Url(url)).toBeNull();
  });

  it.each([
    ['too short', 's3://ab/key'],
    ['too long', `s3://${'b'.repeat(64)}/key`],
    ['upper-case', 's3://Bucket/key'],
    ['with an underscore', 's3://my_bucket/key'],
    ['starting with a hyphen', 's3://-bucket/key'],
    ['ending with a dot', 's3://bucket./key'],
    ['with a port', 's3://bucket:9000/key'],
    ['with user info', 's3://user@bucket/key'],
  ])('when the bucket name is %s, then the URL is refused (null)', (_, url) => {
    expect(parseS3Url(url)).toBeNull();
  });

  it.each([
    ['a leading `..` segment', 's3://bucket/../other/key'],
    ['a middle `..` segment', 's3://bucket/uploads/../../etc/passwd'],
    ['a trailing `..` segment', 's3://bucket/uploads/..'],
    ['a `.` segment', 's3://bucket/uploads/./key'],
    ['a key that is only `..`', 's3://bucket/..'],
  ])('when the key has %s, then the URL is refused (null)', (_, url) => {
    expect(parseS3Url(url)).toBeNull();
  });

  it('when the key spans lines, then the URL is refused (null)', () => {
    expect(parseS3Url('s3://bucket/a\nb')).toBeNull();
  });

  it('when a location is formatted and parsed again, then it comes back unchanged', () => {
    const location = { bucket: 'image-processing-uploads', key: 'uploads/2026/11/28/x-y.png' };
    expect(formatS3Url(location)).toBe('s3://image-processing-uploads/uploads/2026/11/28/x-y.png');
    expect(parseS3Url(formatS3Url(location))).toEqual(location);
  });
});
