import { formatS3Url } from './s3-url';

export class ObjectNotFoundError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
  ) {
    super(`object ${formatS3Url({ bucket, key })} does not exist`);
    this.name = 'ObjectNotFoundError';
  }
}

export class ObjectTooLargeError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
    readonly maxBytes: number,
  ) {
    super(`object ${formatS3Url({ bucket, key })} is larger than ${maxBytes} bytes`);
    this.name = 'ObjectTooLargeError';
  }
}

/** A write-once key (an upload) already holds an object: the first upload stays, the second is refused. */
export class ObjectExistsError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
  ) {
    super(`object s3://${bucket}/${key} already exists; an upload URL can be used once`);
    this.name = 'ObjectExistsError';
  }
}
