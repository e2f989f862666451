/** What the self-hosted queue server (apps/queue) reads: its own slice of the one environment schema. */
export interface QueueServerConfig {
  port: number;
  host: string;
  dataDir: string;
  accountId: string;
  region: string;
  /** Base of the queue URLs the server hands out, when clients reach it under another name. */
  baseUrl?: string;
  sync: 'normal' | 'full';
  /** With both set, only requests signed (SigV4) with this key pair are served. */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** pino level, as for the API and the worker. */
  logLevel: string;
}
