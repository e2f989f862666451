import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@app/core';
import { tenantWebhookSecret } from '../../domain/webhook-signature';
import { WEBHOOK_OPTIONS, WebhookOptions } from '../../jobs.options';

/** The secret one tenant verifies its webhooks with (GET /webhooks/secret, `npm run api-key secret`). */
export class GetWebhookSecretQuery {
  constructor(readonly tenantId: string) {}
}

@Injectable()
export class GetWebhookSecretUseCase {
  constructor(@Inject(WEBHOOK_OPTIONS) private readonly options: WebhookOptions) {}

  execute({ tenantId }: GetWebhookSecretQuery): string {
    if (!this.options.signingSecret && this.options.secretArn) {
      // The API function is never given the master secret (only the worker is): an operator derives a tenant's.
      throw new AppError(
        'unavailable',
        `This API does not hold the webhook master secret; it is in Secrets Manager (${this.options.secretArn}). ` +
          'Ask the operator for your signing secret: WEBHOOK_SIGNING_SECRET="$(aws secretsmanager get-secret-value ' +
          `--secret-id ${this.options.secretArn} --query SecretString --output text)" npm run api-key -- ` +
          `webhook-secret --tenant ${tenantId}`,
      );
    }
    if (!this.options.signingSecret)
      throw new AppError('unavailable', 'Webhooks are off: this server has no WEBHOOK_SIGNING_SECRET.');
    return tenantWebhookSecret(this.options.signingSecret, tenantId);
  }
}
