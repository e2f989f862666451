import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { encodeWebhookMessage, WebhookMessage } from '../../domain/webhook-message';
import { WebhookQueue } from '../../ports/webhook-queue.port';

/** SQS's longest DelaySeconds. */
export const MAX_DELAY_SECONDS = 900;

/** Sends webhook attempts to an SQS queue: Amazon SQS or the self-hosted queue server alike. */
export class SqsWebhookQueue implements WebhookQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(message: WebhookMessage, delaySeconds = 0): Promise<void> {
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: encodeWebhookMessage(message),
        DelaySeconds: Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.floor(delaySeconds))),
      }),
    );
  }
}
