import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { promisify } from 'node:util';
import { WebhookAttempt, WebhookRequest, WebhookSender } from '../../ports/webhook-sender.port';
import { addressRefusal } from './address-policy';

export interface HttpWebhookSenderOptions {
  /** One attempt, from the DNS lookup to the answer's status line. */
  timeoutMs: number;
  /**
   * WEBHOOK_ALLOW_PRIVATE: let private, loopback and link-local addresses through (a receiver on your own network);
   * cloud metadata addresses stay refused.
   */
  allowPrivate: boolean;
  /** AWS mode: http:// callback URLs are refused. */
  httpsOnly: boolean;
}

const lookupAll = promisify(dnsLookup);

/**
 * POSTs a webhook with node's http(s), SSRF-safe: the host is resolved once, every address it resolves to must be
 * public (unless allowPrivate), and the connection goes to the address that was checked (the agent's `lookup`
 * answers with it), so a DNS answer that changes between the check and the connect (rebinding) changes nothing.
 * Redirects are never followed: a 3xx is a failed attempt. The body of the answer is read and dropped.
 */
export class HttpWebhookSender implements WebhookSender {
  constructor(private readonly options: HttpWebhookSenderOptions) {}

  async send(request: WebhookRequest): Promise<WebhookAttempt> {
    const seconds = this.options.timeoutMs / 1000;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    try {
      return await this.attempt(request, deadline);
    } catch (error) {
      if (deadline.aborted) return { delivered: false, error: `timeout after ${seconds} s` };
      return { delivered: false, error: describe(error) };
    }
  }

  private async attempt(request: WebhookRequest, signal: AbortSignal): Promise<WebhookAttempt> {
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && (this.options.httpsOnly || url.protocol !== 'http:'))
      return { delivered: false, error: `refused: ${url.protocol}// callback URLs are not allowed here (https only)` };
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const addresses: LookupAddress[] = isIP(host)
      ? [{ address: host, family: isIP(host) }]
      : await lookupAll(host, { all: true, verbatim: true });
    if (addresses.length === 0) return { delivered: false, error: `could not resolve ${host}` };
    for (const { address } of addresses) {
      const refusal = addressRefusal(address, { allowPrivate: this.options.allowPrivate });
      if (refusal) return { delivered: false, error: refusal };
    }
    signal.throwIfAborted();
    const pinned = addresses[0];
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<WebhookAttempt>((resolve, reject) => {
      const outgoing = send(
        url,
        {
          method: 'POST',
          headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
          signal,
          agent: false,
          // Connect to the address checked above, whatever DNS says now; TLS still verifies the URL's host name.
          lookup: (_hostname, options, callback) => {
            if ((options as { all?: boolean }).all) (callback as AllCallback)(null, [pinned]);
            else callback(null, pinned.address, pinned.family);
          },
        },
        (response) => {
          response.resume();
          const status = response.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ delivered: true, status });
          else if (status >= 300 && status < 400)
            resolve({ delivered: false, error: `HTTP ${status} (redirects are not followed)` });
          else resolve({ delivered: false, error: `HTTP ${status}` });
        },
      );
      outgoing.on('error', reject);
      outgoing.end(request.body);
    });
  }
}

type AllCallback = (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void;

/** A connection error as one short phrase: "connection refused (ECONNREFUSED)", "could not resolve x (ENOTFOUND)". */
function describe(error: NodeJS.ErrnoException & { hostname?: string }): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'connection refused (ECONNREFUSED)';
    case 'ECONNRESET':
      return 'connection reset (ECONNRESET)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `could not resolve ${error.hostname ?? 'the host'} (${error.code})`;
    default:
      return error.code ? `${error.message} (${error.code})` : error.message;
  }
}
