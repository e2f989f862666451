export const WEBHOOK_SENDER = Symbol('WebhookSender');

export interface WebhookRequest {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** One attempt's outcome: a 2xx answer, or why it failed ("HTTP 503", "timeout after 5 s", "refused: ..."). */
export type WebhookAttempt = { delivered: true; status: number } | { delivered: false; error: string };

/** POSTs one webhook, once. It never throws for what the receiver (or its address) did: that is an attempt's outcome. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookAttempt>;
}
