import type { IncomingMessage } from 'node:http';

export class BodyTooLarge extends Error {}

// Past the limit we keep reading (and dropping) so the client gets a clean 413; past this we hang up instead.
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** Reads the whole request body, refusing more than `limit` bytes instead of buffering without bound. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) req.destroy();
    });
    req.on('end', () => {
      if (size > limit) reject(new BodyTooLarge(`Request body larger than ${limit} bytes.`));
      else resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}
