import { WebhookMessage } from '../domain/webhook-message';

export const WEBHOOK_QUEUE = Symbol('WebhookQueue');

/** The producer side of the webhooks queue: one message per attempt, delayed by up to 900 s (SQS's limit). */
export interface WebhookQueue {
  enqueue(message: WebhookMessage, delaySeconds?: number): Promise<void>;
}
