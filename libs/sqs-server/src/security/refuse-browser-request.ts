import type { IncomingMessage } from 'node:http';
import { accessDenied, methodNotAllowed } from '../errors/errors';
import type { SqsError } from '../errors/sqs-error';
import type { AllowedHosts } from './allowed-hosts';

// A page in a browser may send simple (unpreflighted) cross-site POSTs, and GETs from links and images. Browsers
// say where such a request comes from (Origin, Sec-Fetch-Site); SQS clients send neither.
const SAME_ORIGIN_FETCH = new Set(['same-origin', 'none']);

/**
 * Why a request must not reach any operation, or undefined: a Host the server does not answer to, a request from a
 * web page on another origin, or any method but POST (only POST changes state).
 */
export function refuseBrowserRequest(req: IncomingMessage, hosts: AllowedHosts): SqsError | undefined {
  if (!hosts.allows(req.headers.host))
    return accessDenied("the Host header names neither this server's listen address nor QUEUE_BASE_URL.");
  const fetchSite = req.headers['sec-fetch-site'];
  // same-site is refused too: a page on another port of this machine is another origin.
  if (typeof fetchSite === 'string' && !SAME_ORIGIN_FETCH.has(fetchSite.toLowerCase()))
    return accessDenied('requests from web pages on another origin are refused.');
  const origin = req.headers.origin;
  if (origin !== undefined && !originAllowed(origin, hosts))
    return accessDenied('requests from web pages on another origin are refused.');
  if (req.method !== 'POST') return methodNotAllowed();
  return undefined;
}

function originAllowed(origin: string, hosts: AllowedHosts): boolean {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && hosts.allows(url.host);
  } catch {
    return false; // includes "null", which sandboxed pages and some redirects send
  }
}
