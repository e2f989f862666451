import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { OBJECT_STORAGE, ObjectStorage, PresignedUpload } from '../../object-storage.port';
import { buildUploadKey } from '../../upload-key';

export class RequestUploadCommand {
  constructor(
    readonly filename: string,
    readonly contentType: string,
  ) {}
}

export interface UploadTicket extends PresignedUpload {
  key: string;
  bucket: string;
  maxBytes: number;
}

/** Hands out a presigned URL for uploading one image straight to object storage, under a fresh dated key. */
@Injectable()
export class RequestUploadUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RequestUploadCommand): Promise<UploadTicket> {
    const key = buildUploadKey(command.filename);
    const { maxUploadBytes: maxBytes, uploadUrlExpiresSeconds } = this.config.storage;
    const upload = await this.storage.presignUpload({ key, contentType: command.contentType, maxBytes, expiresInSeconds: uploadUrlExpiresSeconds });
    return { ...upload, key, bucket: this.storage.bucket, maxBytes };
  }
}
