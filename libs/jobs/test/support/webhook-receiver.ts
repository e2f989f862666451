import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/**
 * A real HTTP receiver on 127.0.0.1, port 0. `answer` decides each response (by default 204); every request is
 * recorded, and `next()` resolves with the next one to arrive.
 */
export async function startWebhookReceiver(
  answer: (request: ReceivedWebhook, response: ServerResponse, index: number) => void = (_r, response) =>
    response.writeHead(204).end(),
) {
  const received: ReceivedWebhook[] = [];
  const waiters: Array<(request: ReceivedWebhook) => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      };
      received.push(entry);
      answer(entry, response, received.length - 1);
      waiters.splice(0).forEach((resolve) => resolve(entry));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    port,
    received,
    next: () => new Promise<ReceivedWebhook>((resolve) => waiters.push(resolve)),
    async until(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${received.length} of ${count} webhook(s) arrived`);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
