import { createImageDetectClient, ImageDetectClient } from '@app/client';

/** What every command needs: where the server is and how to call it. */
export interface CliContext {
  server: string;
  apiKey?: string;
  client: ImageDetectClient;
  out: (line: string) => void;
}

export function cliContext(options: { server: string; apiKey?: string }): CliContext {
  const server = options.server.replace(/\/+$/, '');
  return {
    server,
    apiKey: options.apiKey,
    client: createImageDetectClient({ baseUrl: server, apiKey: options.apiKey }),
    out: (line) => process.stdout.write(`${line}\n`),
  };
}
