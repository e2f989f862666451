import sharp, { type Metadata } from 'sharp';
import { ImageDecodeError } from './image-decode.error';

/** The formats the service accepts for upload (jpeg, png, webp, gif, tiff, avif), as sharp detects them. */
export const DECODABLE_FORMATS: readonly string[] = Object.freeze(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif']);

const BYTES_PER_SAMPLE: Readonly<Record<string, number>> = Object.freeze({
  uchar: 1,
  char: 1,
  ushort: 2,
  short: 2,
  uint: 4,
  int: 4,
  float: 4,
  double: 8,
  complex: 8,
  dpcomplex: 16,
});

export interface ImageHeader {
  /** Detected from the bytes, not taken from the declared content type; `avif` for AV1-coded HEIF. */
  format: string;
  width: number;
  height: number;
  channels: number;
  bytesPerSample: number;
  /** Progressive JPEG or Adam7-interlaced PNG: the decoder needs the whole image in memory. */
  interlaced: boolean;
  /** Upper bound of the memory the decode holds at once, in bytes (see decodeCost). */
  decodeBytes: number;
}

/**
 * Reads the header only (no pixels) and what decoding it will cost; refuses, as ImageDecodeError naming the rule,
 * a format outside DECODABLE_FORMATS (SVG, PDF, HEIC, raw pixels...) and an image over maxInputPixels.
 */
export async function readImageHeader(image: Buffer, maxInputPixels: number): Promise<ImageHeader> {
  let metadata: Metadata;
  try {
    metadata = await sharp(image, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageDecodeError(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
  const format = metadata.format === 'heif' && metadata.compression === 'av1' ? 'avif' : String(metadata.format);
  if (!DECODABLE_FORMATS.includes(format))
    throw new ImageDecodeError(`image format ${format} is not accepted (allowed: ${DECODABLE_FORMATS.join(', ')})`);
  const { width = 0, height = 0, channels = 0 } = metadata;
  if (width * height > maxInputPixels)
    throw new ImageDecodeError(`image of ${width}x${height} pixels is over the limit of ${maxInputPixels} pixels`);
  const bytesPerSample = BYTES_PER_SAMPLE[metadata.depth ?? 'uchar'] ?? 8;
  const interlaced = metadata.isProgressive === true;
  const header = { format, width, height, channels, bytesPerSample, interlaced };
  return { ...header, decodeBytes: decodeCost(header) };
}

/**
 * Memory the decode may hold at once, counted as if the whole first frame were decoded, as libvips does for an
 * interlaced PNG, a GIF, WebP or AVIF frame, and for any image it must rotate from its EXIF orientation:
 * width x height x channels x bytes per sample. A progressive JPEG keeps every DCT coefficient (16 bits per
 * sample) until its last scan, so it counts at least 2 bytes per sample. Streamed decodes (a baseline JPEG, a
 * plain PNG) hold less: the count is an upper bound, never an estimate from below.
 */
export function decodeCost(header: Omit<ImageHeader, 'decodeBytes'>): number {
  const perSample =
    header.format === 'jpeg' && header.interlaced ? Math.max(2, header.bytesPerSample) : header.bytesPerSample;
  return header.width * header.height * header.channels * perSample;
}

/** "763 MiB" */
export function mebibytes(bytes: number): string {
  return `${Math.ceil(bytes / 2 ** 20)} MiB`;
}

/** "10000x10000, 4 channels, 16-bit, interlaced png" */
export function describeHeader(header: ImageHeader): string {
  const interlaced = header.interlaced ? (header.format === 'jpeg' ? ' progressive' : ' interlaced') : '';
  return `${header.width}x${header.height}, ${header.channels} channel(s), ${header.bytesPerSample * 8}-bit,${interlaced} ${header.format}`;
}
