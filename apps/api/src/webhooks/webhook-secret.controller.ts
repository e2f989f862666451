import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { GetWebhookSecretQuery, GetWebhookSecretUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';

export class WebhookSecretResponse {
  @ApiProperty({ example: 'acme' })
  tenantId: string;

  @ApiProperty({
    example: '5f2b8c0e6a1d4e3f9b7a2c1d0e8f6a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f',
    description: 'HMAC key (use its text as the key) your webhooks are signed with',
  })
  secret: string;

  @ApiProperty({ example: 'sha256=hex(HMAC-SHA256(secret, "<X-Timestamp>.<raw body>"))' })
  signature: string;
}

@ApiTags('webhooks')
@Controller('webhooks')
export class WebhookSecretController {
  constructor(private readonly webhookSecret: GetWebhookSecretUseCase) {}

  @Get('secret')
  @ApiOperation({
    summary: 'Your tenant’s webhook signing secret: verify X-Signature of each callbackUrl POST with it',
  })
  @ApiOkResponse({ type: WebhookSecretResponse })
  @ApiServiceUnavailableResponse({ type: ErrorResponse, description: 'No WEBHOOK_SIGNING_SECRET is configured.' })
  get(@CallerIdentity() caller: Caller): WebhookSecretResponse {
    return {
      tenantId: caller.tenantId,
      secret: this.webhookSecret.execute(new GetWebhookSecretQuery(caller.tenantId)),
      signature: 'sha256=hex(HMAC-SHA256(secret, "<X-Timestamp>.<raw body>"))',
    };
  }
}
