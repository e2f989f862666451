import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { OBJECT_STORAGE, ObjectStorage, PresignedPost } from '../../object-storage.port';
import { presignRequestFor, RequestUploadCommand, UploadTarget } from '../upload-request';

export interface PostUploadTicket extends PresignedPost, UploadTarget {}

/** The storage in use cannot take size-capped form uploads (self-hosted files); presigned PUT still works. */
export class PostUploadUnsupportedError extends Error {
  constructor() {
    super(
      'Presigned POST uploads need S3 storage (set S3_BUCKET); use POST /uploads/presign and PUT the file instead.',
    );
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

  async execute(command: RequestUploadCommand): Promise<PostUploadTicket> {
    if (!this.storage.presignPost) throw new PostUploadUnsupportedError();
    const request = presignRequestFor(command, this.config);
    const post = await this.storage.presignPost(request);
    return { ...post, key: request.key, bucket: this.storage.bucket, maxBytes: request.maxBytes };
  }
}
