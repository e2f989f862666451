import { Inject, Injectable } from '@nestjs/common';
import { OBJECT_STORAGE, ObjectStorage, PresignedUpload } from '../../object-storage.port';
import { UPLOAD_LIMITS, UploadLimits } from '../../storage.options';
import { presignRequestFor, RequestUploadCommand, UploadTarget } from '../upload-request';

export interface UploadTicket extends PresignedUpload, UploadTarget {}

/** Hands out a presigned URL for uploading one image straight to object storage, under a fresh dated key. */
@Injectable()
export class RequestUploadUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(UPLOAD_LIMITS) private readonly limits: UploadLimits,
  ) {}

  async execute(command: RequestUploadCommand): Promise<UploadTicket> {
    const request = presignRequestFor(command, this.limits);
    const upload = await this.storage.presignUpload(request);
    return { ...upload, key: request.key, bucket: this.storage.bucket, maxBytes: request.maxBytes };
  }
}
