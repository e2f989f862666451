import { Inject, Injectable } from '@nestjs/common';
import {
  PRESIGNED_POST_SIGNER,
  PresignedPost,
  PresignedPostSigner,
} from '../../capabilities/presigned-post-signer.port';
import { OBJECT_STORAGE, ObjectStorage } from '../../object-storage.port';
import { UPLOAD_LIMITS, UploadLimits } from '../../storage.options';
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
    /** null when the storage cannot sign form uploads (self-hosted files). */
    @Inject(PRESIGNED_POST_SIGNER) private readonly signer: PresignedPostSigner | null,
    @Inject(UPLOAD_LIMITS) private readonly limits: UploadLimits,
  ) {}

  async execute(command: RequestUploadCommand): Promise<PostUploadTicket> {
    if (!this.signer) throw new PostUploadUnsupportedError();
    const request = presignRequestFor(command, this.limits);
    const post = await this.signer.presignPost(request);
    return { ...post, key: request.key, bucket: this.storage.bucket, maxBytes: request.maxBytes };
  }
}
