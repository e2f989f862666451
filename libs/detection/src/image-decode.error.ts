/** The bytes are not an image we can decode (unknown format, truncated, or over the pixel limit). */
export class ImageDecodeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImageDecodeError';
  }
}
