import type { Message } from '@aws-sdk/client-sqs';
import { Injectable, Logger } from '@nestjs/common';
import { SqsConsumerEventHandler, SqsMessageHandler } from '@ssut/nestjs-sqs';
import { decodeWebhookMessage, DeliverWebhookUseCase } from '@app/jobs';

export const WEBHOOKS_CONSUMER = 'webhooks';

/**
 * The webhooks queue: one message = one delivery attempt. Returning acknowledges it (a failed attempt has already
 * queued the next one, delayed); throwing (the store or the queue unreachable) leaves it to come back, and after 5
 * such failures it goes to the webhooks dead-letter queue. Detection never waits on a receiver: this is its own
 * consumer, on its own queue.
 */
@Injectable()
export class WebhookConsumer {
  private readonly logger = new Logger(WebhookConsumer.name);

  constructor(private readonly deliverWebhook: DeliverWebhookUseCase) {}

  @SqsMessageHandler(WEBHOOKS_CONSUMER, false)
  async handle(message: Message): Promise<void> {
    const delivery = decodeWebhookMessage(message.Body);
    if (!delivery) {
      this.logger.error(
        { messageId: message.MessageId, body: message.Body?.slice(0, 200) },
        'webhooks queue message is not a webhook attempt; dropped',
      );
      return;
    }
    const outcome = await this.deliverWebhook.execute(delivery);
    this.logger.debug({ jobId: delivery.jobId, attempt: delivery.attempt, outcome }, 'webhook message handled');
  }

  @SqsConsumerEventHandler(WEBHOOKS_CONSUMER, 'processing_error')
  onProcessingError(error: Error, message: Message): void {
    this.logger.error(
      { err: error, messageId: message?.MessageId, ...decodeWebhookMessage(message?.Body) },
      'webhook attempt could not be handled; it will be retried',
    );
  }

  @SqsConsumerEventHandler(WEBHOOKS_CONSUMER, 'error')
  onError(error: Error): void {
    if (error.name !== 'AbortError' && !/aborted/i.test(error.message))
      this.logger.warn({ err: error }, 'webhooks queue error');
  }
}
