import { Inject, Injectable } from '@nestjs/common';
import { AppError, FieldProblem } from '@app/core';
import { OBJECT_STORAGE, ObjectStorage, PresignedUpload } from '../../object-storage.port';
import { UPLOAD_LIMITS, UploadLimits } from '../../storage.options';
import { presignRequestFor, RequestUploadCommand, UploadTarget } from '../upload-request';

export interface UploadTicket extends PresignedUpload, UploadTarget {}

/**
 * Hands out a presigned URL for uploading one image straight to object storage, under a fresh dated key, once.
 * With S3 the client declares the file's size and the URL signs it as Content-Length: a presigned PUT has no other
 * way to cap the size (the POST policy does, but a PUT is what every client and SDK already speaks).
 */
@Injectable()
export class RequestUploadUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(UPLOAD_LIMITS) private readonly limits: UploadLimits,
  ) {}

  async execute(command: RequestUploadCommand): Promise<UploadTicket> {
    const problem = this.sizeProblem(command.size);
    if (problem) throw AppError.validation([problem]);
    const request = presignRequestFor(command, this.limits);
    const upload = await this.storage.presignUpload(request);
    const maxBytes = Math.min(request.maxBytes, request.size ?? request.maxBytes);
    return { ...upload, key: request.key, bucket: this.storage.bucket, maxBytes };
  }

  private sizeProblem(size: number | undefined): FieldProblem | undefined {
    const { maxUploadBytes, sizeRequired } = this.limits;
    if (size === undefined && sizeRequired) {
      return {
        field: 'size',
        rule: 'required',
        message: 'size (the file size in bytes) is required: the S3 upload URL signs it, so S3 enforces the size cap',
      };
    }
    if (size !== undefined && size > maxUploadBytes) {
      return { field: 'size', rule: 'max', message: `size must not be greater than ${maxUploadBytes} bytes` };
    }
    return undefined;
  }
}
