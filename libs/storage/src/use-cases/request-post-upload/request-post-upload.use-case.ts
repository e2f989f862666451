import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { OBJECT_STORAGE, ObjectStorage, PresignedPost } from '../../object-storage.port';
import { buildUploadKey } from '../../upload-key';

export class RequestPostUploadCommand {
  constructor(
    readonly filename: string,
    readonly contentType: string,
  ) {}
}

export interface PostUploadTicket extends PresignedPost {
  key: string;
  bucket: string;
  maxBytes: number;
}

/** The storage in use cannot take size-capped form uploads (self-hosted files); presigned PUT still works. */
export class PostUploadUnsupportedError extends Error {
  constructor() {
    super('Presigned POST uploads need S3 storage (set S3_BUCKET); use POST /uploads/presign and PUT the file instead.');
    this.name = 'PostUploadUnsupportedError';
  }
}

/** Hands out a presigned form POST whose policy makes the storage itself refuse bodies over the size cap. */
@Injectable()
export class RequestPostUploadUseCase {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute(command: RequestPostUploadCommand): Promise<PostUploadTicket> {
    if (!this.storage.presignPost) throw new PostUploadUnsupportedError();
    const key = buildUploadKey(command.filename);
    const { maxUploadBytes: maxBytes, uploadUrlExpiresSeconds } = this.config.storage;
    const post = await this.storage.presignPost({ key, contentType: command.contentType, maxBytes, expiresInSeconds: uploadUrlExpiresSeconds });
    return { ...post, key, bucket: this.storage.bucket, maxBytes };
  }
}
