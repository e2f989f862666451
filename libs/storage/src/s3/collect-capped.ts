import { Readable } from 'node:stream';

/**
 * Reads a stream into memory, giving up as soon as it passes maxBytes: the stream is destroyed (for an S3 body this
 * aborts the download) and `tooLarge()` is thrown, so an oversized or lying object never fills memory.
 */
export async function collectCapped(
  stream: Readable | AsyncIterable<Uint8Array>,
  maxBytes: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let seen = 0;
  try {
    for await (const chunk of stream) {
      const buffer =
        typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      seen += buffer.length;
      if (seen > maxBytes) throw tooLarge();
      chunks.push(buffer);
    }
  } catch (error) {
    (stream as Partial<Readable>).destroy?.();
    throw error;
  }
  return Buffer.concat(chunks, seen);
}
