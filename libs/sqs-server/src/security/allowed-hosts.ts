import { isIP } from 'node:net';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARDS = new Set(['0.0.0.0', '::', '[::]']);

/** `host[:port]` as `hostname:port`, lower-cased, with the scheme's default port filled in; undefined if malformed. */
export function normalizeHost(host: string, defaultPort = '80'): string | undefined {
  try {
    const url = new URL(`http://${host}`);
    if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return undefined;
    return `${url.hostname}:${url.port || defaultPort}`;
  } catch {
    return undefined;
  }
}

/**
 * The Host headers this server answers to, so a web page cannot reach it through a DNS name of its own that resolves
 * to this machine (DNS rebinding): the listen address (and, for a loopback address, the other loopback names) on the
 * listen port, and the host of QUEUE_BASE_URL. A server on a wildcard address (0.0.0.0, ::) also answers to any IP
 * address on its port: DNS rebinding needs a name, and the server cannot know every address it is reached at.
 */
export class AllowedHosts {
  private readonly exact = new Set<string>();
  private readonly anyIpOnPort: string | undefined;
  /** Clients send the same Host on every request: remember the last one accepted rather than parse it again. */
  private lastAllowed = '';

  constructor(listenHost: string, port: number, baseUrl?: string) {
    const bracketed = listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost;
    const loopback = ['localhost', '::1', '[::1]'].includes(listenHost) || listenHost.startsWith('127.');
    const names = WILDCARDS.has(listenHost) || loopback ? [...LOOPBACK_NAMES, bracketed] : [bracketed];
    this.anyIpOnPort = WILDCARDS.has(listenHost) ? String(port) : undefined;
    for (const name of names) this.add(`${name}:${port}`);
    if (baseUrl) {
      const url = new URL(baseUrl);
      this.add(url.host, url.protocol === 'https:' ? '443' : '80');
    }
  }

  allows(host: string | undefined): boolean {
    if (!host) return false;
    if (host === this.lastAllowed) return true;
    const allowed = this.check(host);
    if (allowed) this.lastAllowed = host;
    return allowed;
  }

  private check(host: string): boolean {
    const normalized = normalizeHost(host);
    if (!normalized) return false;
    if (this.exact.has(normalized)) return true;
    if (this.anyIpOnPort === undefined) return false;
    const colon = normalized.lastIndexOf(':');
    const name = normalized.slice(0, colon).replace(/^\[|\]$/g, '');
    return normalized.slice(colon + 1) === this.anyIpOnPort && isIP(name) !== 0;
  }

  private add(host: string, defaultPort = '80'): void {
    const normalized = normalizeHost(host, defaultPort);
    if (normalized) this.exact.add(normalized);
  }
}
