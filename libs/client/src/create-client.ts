import createClient, { type Client } from 'openapi-fetch';
import type { paths } from './generated/api-schema';

export type ImageDetectClient = Client<paths>;

export interface ClientOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000. */
  baseUrl: string;
  /** Sent as `x-api-key` on every request, for deployments that require keys. */
  apiKey?: string;
}

/** A typed client of the HTTP API (openapi-fetch over the types generated from openapi.json). */
export function createImageDetectClient({ baseUrl, apiKey }: ClientOptions): ImageDetectClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: apiKey ? { 'x-api-key': apiKey } : undefined,
  });
}
