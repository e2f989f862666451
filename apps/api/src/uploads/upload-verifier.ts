import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { AppError } from '@app/core';
import { checkUploadSignature, loadOrCreateUploadSecret, UploadGrant } from '@app/storage';
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
  private readonly secret: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secret = loadOrCreateUploadSecret(config.dataDir, config.storage.uploadSecret);
  }

  verify(attempt: UploadAttempt): UploadGrant {
    const { query } = attempt;
    const grant: UploadGrant = { bucket: attempt.bucket, key: attempt.key, contentType: query.contentType, maxBytes: query.maxBytes, expires: query.expires };
    const check = checkUploadSignature(grant, query.signature, this.secret);
    if (check === 'bad-signature') throw new AppError('forbidden', 'The upload URL signature does not match; request a new URL.');
    if (check === 'expired') throw new AppError('forbidden', 'The upload URL has expired; request a new URL.');
    const contentType = attempt.contentType?.split(';')[0].trim().toLowerCase();
    if (contentType !== grant.contentType) {
      throw AppError.validation([
        { field: 'content-type', rule: 'signedContentType', message: `content-type must be ${grant.contentType}, as signed, got ${contentType ?? 'none'}` },
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
