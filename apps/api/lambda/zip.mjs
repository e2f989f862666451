import { constants as zlibConstants } from 'node:zlib';
import yazl from 'yazl';

// A fixed timestamp (1980-01-01, the zip epoch, in local time as zip stores it) makes the same input give the same
// zip, byte for byte.
const ZIP_EPOCH = new Date(1980, 0, 1);

/**
 * Builds a zip archive (yazl) from [{ name, data, mode?, stored? }]; names use `/`, files are deflated unless
 * `stored` (data compressed already), Unix modes are kept.
 */
export function createZip(files) {
  const zip = new yazl.ZipFile();
  for (const { name, data, mode = 0o644, stored = false } of files) {
    zip.addBuffer(data, name, { mtime: ZIP_EPOCH, mode: 0o100000 | mode, compressionLevel: stored ? 0 : 9 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks = [];
    zip.outputStream.on('data', (chunk) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** Brotli at its slowest and smallest: quality 11, the largest window (the bundle is one 2.5 MB text). */
export function brotliMaximum(sizeHint) {
  return {
    [zlibConstants.BROTLI_PARAM_QUALITY]: zlibConstants.BROTLI_MAX_QUALITY,
    [zlibConstants.BROTLI_PARAM_LGWIN]: zlibConstants.BROTLI_MAX_WINDOW_BITS,
    [zlibConstants.BROTLI_PARAM_SIZE_HINT]: sizeHint,
  };
}
