import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@app/core';
import { UPLOAD_SIGNATURE_VERIFIER, UploadGrant, UploadSignatureVerifier } from '@app/storage';
import { SelfHostedUploadQuery } from './self-hosted-upload.query';

export interface UploadAttempt {
  bucket: string;
  key: string;
  query: SelfHostedUploadQuery;
  contentType?: string;
  contentLength?: string;
}

/** Decides whether a PUT to a self-hosted upload URL may be stored: 403 bad/expired, 400 wrong type, 413 too big. */
@Injectable()
export class UploadVerifier {
  private readonly signatures: UploadSignatureVerifier;

  /** Registered only with self-hosted storage, for which StorageModule provides the verifier (null otherwise). */
  constructor(@Inject(UPLOAD_SIGNATURE_VERIFIER) signatures: UploadSignatureVerifier | null) {
    if (!signatures) throw new Error('self-hosted uploads need the self-hosted storage, which signed the upload URLs');
    this.signatures = signatures;
  }

  verify(attempt: UploadAttempt): UploadGrant {
    const { query } = attempt;
    const grant: UploadGrant = {
      bucket: attempt.bucket,
      key: attempt.key,
      contentType: query.contentType,
      maxBytes: query.maxBytes,
      expires: query.expires,
    };
    const check = this.signatures.checkUploadSignature(grant, query.signature);
    if (check === 'bad-signature')
      throw new AppError('forbidden', 'The upload URL signature does not match; request a new URL.');
    if (check === 'expired') throw new AppError('forbidden', 'The upload URL has expired; request a new URL.');
    const contentType = attempt.contentType?.split(';')[0].trim().toLowerCase();
    if (contentType !== grant.contentType) {
      throw AppError.validation([
        {
          field: 'content-type',
          rule: 'signedContentType',
          message: `content-type must be ${grant.contentType}, as signed, got ${contentType ?? 'none'}`,
        },
      ]);
    }
    if (Number(attempt.contentLength) > grant.maxBytes) throw this.tooLarge(grant.maxBytes);
    return grant;
  }

  tooLarge(maxBytes: number): AppError {
    return new AppError('too-large', `The upload is larger than ${maxBytes} bytes`, [
      { field: 'body', rule: 'maxBytes', message: `body must be at most ${maxBytes} bytes` },
    ]);
  }
}
