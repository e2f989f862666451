type SdkError = { name?: string };

/**
 * A missing key, not a missing bucket: GET names it NoSuchKey (a missing bucket is NoSuchBucket, an outage, not a
 * bad image). HEAD answers have no body, so the SDK can only say NotFound, for the key or the bucket alike.
 */
export const isMissingKeyOnGet = (error: SdkError): boolean => error.name === 'NoSuchKey';
export const isMissingOnHead = (error: SdkError): boolean => error.name === 'NotFound';
