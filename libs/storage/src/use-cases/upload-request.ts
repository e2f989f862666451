import { PresignUploadRequest } from '../object-storage.port';
import { UploadLimits } from '../storage.options';
import { buildUploadKey } from '../upload-key';

/** A request to upload one image, by presigned PUT or presigned POST alike. */
export class RequestUploadCommand {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    /** The exact size of the file to upload, in bytes; required with S3 storage (see RequestUploadUseCase). */
    readonly size?: number,
  ) {}
}

/** Where an upload lands and how large it may be: part of every upload ticket. */
export interface UploadTarget {
  key: string;
  bucket: string;
  maxBytes: number;
}

/** A fresh dated key under uploads/, with the configured size cap and lifetime. */
export function presignRequestFor(command: RequestUploadCommand, limits: UploadLimits): PresignUploadRequest {
  const { maxUploadBytes: maxBytes, uploadUrlExpiresSeconds: expiresInSeconds } = limits;
  return {
    key: buildUploadKey(command.filename),
    contentType: command.contentType,
    maxBytes,
    expiresInSeconds,
    size: command.size,
  };
}
