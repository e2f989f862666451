import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { OBJECT_STORAGE, ObjectStorage, PresignedUpload } from '../../object-storage.port';
import { presignRequestFor, RequestUploadCommand, UploadTarget } from '../upload-request';

export interface UploadTicket extends PresignedUpload, UploadTarget {}

/** Hands out a presigned URL for uploading one image straight to object storage, under a fresh dated key. */
@Injectable()
export class RequestUploadUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RequestUploadCommand): Promise<UploadTicket> {
    const request = presignRequestFor(command, this.config);
    const upload = await this.storage.presignUpload(request);
    return { ...upload, key: request.key, bucket: this.storage.bucket, maxBytes: request.maxBytes };
  }
}
