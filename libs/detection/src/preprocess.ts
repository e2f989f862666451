import sharp from 'sharp';
import { ImageDecodeError } from './image-decode.error';

export interface PreparedImage {
  /** NHWC float32 [1, size, size, 3], RGB, value = pixel * 2/255 - 1. */
  tensor: Float32Array;
  /** Size of the image after EXIF orientation: the frame the boxes are reported in. */
  width: number;
  height: number;
}

/**
 * Decodes any image sharp reads, applies EXIF orientation, makes it 8-bit sRGB without alpha
 * (grayscale, CMYK and 16-bit inputs included) and resizes it, unpadded, to size x size.
 * sharp works on libuv's thread pool, so this does not block the event loop.
 */
export async function prepareImage(image: Buffer, size: number, maxInputPixels: number): Promise<PreparedImage> {
  try {
    // sequentialRead lets libvips stream formats that allow it (baseline JPEG, plain PNG) instead of holding them.
    const decoder = () => sharp(image, { limitInputPixels: maxInputPixels, failOn: 'error', sequentialRead: true });
    const metadata = await decoder().metadata();
    const { data } = await decoder()
      .rotate()
      .resize(size, size, { fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { tensor: toModelRange(data), width: metadata.autoOrient.width, height: metadata.autoOrient.height };
  } catch (error) {
    throw new ImageDecodeError(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
}

function toModelRange(pixels: Buffer): Float32Array {
  const tensor = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) tensor[i] = (pixels[i] * 2) / 255 - 1;
  return tensor;
}
