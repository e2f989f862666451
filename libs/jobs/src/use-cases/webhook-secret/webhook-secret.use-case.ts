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
    if (!this.options.signingSecret)
      throw new AppError('unavailable', 'Webhooks are off: this server has no WEBHOOK_SIGNING_SECRET.');
    return tenantWebhookSecret(this.options.signingSecret, tenantId);
  }
}
