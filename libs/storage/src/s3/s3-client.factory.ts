import { S3Client } from '@aws-sdk/client-s3';
import { S3ClientOptions } from '../storage.options';

/**
 * One S3 client for reads, writes and presigning. `requestChecksumCalculation: 'WHEN_REQUIRED'`: by default the SDK
 * adds a CRC32 of the (empty, at presign time) body to presigned PUT URLs; real S3 then rejects the upload while
 * emulators accept it. Throttling (503 SlowDown) is retried with the SDK's adaptive backoff.
 */
export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
    retryMode: 'adaptive',
    // A stalled connection must fail (and be retried) rather than hold a job until its timeout. Without
    // throwOnRequestTimeout, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes (it runs
    // until the answer's headers); socketTimeout also ends a body that stops arriving.
    requestHandler: {
      connectionTimeout: 5_000,
      requestTimeout: 60_000,
      throwOnRequestTimeout: true,
      socketTimeout: 30_000,
    },
  });
}
