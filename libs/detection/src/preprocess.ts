import sharp, { type Sharp } from 'sharp';
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
 * (grayscale, CMYK and 16-bit inputs included) and resizes it, unpadded, to size x size (see toModelSize).
 * sharp works on libuv's thread pool, so this does not block the event loop.
 */
export async function prepareImage(image: Buffer, size: number, maxInputPixels: number): Promise<PreparedImage> {
  try {
    // sequentialRead lets libvips stream formats that allow it (baseline JPEG, plain PNG) instead of holding them.
    const decoder = () => sharp(image, { limitInputPixels: maxInputPixels, failOn: 'error', sequentialRead: true });
    const metadata = await decoder().metadata();
    const { width, height } = metadata.autoOrient;
    const { data } = await toModelSize(decoder().rotate(), width, height, size)
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    return { tensor: toModelRange(data), width, height };
  } catch (error) {
    throw new ImageDecodeError(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
}

/** Above this many times the model's size on either axis, a photo is first shrunk with antialiasing. */
const PRE_SHRINK_FACTOR = 4;

/**
 * Bilinear point sampling, as TensorFlow's resize_images fed the model in training (no antialiasing): on coco128 it
 * scores 34.4 mAP@[.5:.95] against 33.3 for sharp's default lanczos3 and 33.2-33.6 for its other kernels
 * (bench/RESULTS.md). An axis far larger than the model (a 12 MP photo) is first shrunk to twice the model's size
 * with sharp's antialiased resize, which lets libjpeg shrink on load (4x faster than sampling the full frame) and
 * gives the model what it was trained on: a COCO-sized image (~640 px) sampled down bilinearly. An axis smaller than
 * the model is enlarged by plain bilinear interpolation (where antialiasing means nothing), so no sample falls
 * past the image's edge.
 */
function toModelSize(image: Sharp, width: number, height: number, size: number): Sharp {
  const axis = (length: number) => (length > PRE_SHRINK_FACTOR * size ? 2 * size : Math.max(length, size));
  const w = axis(width);
  const h = axis(height);
  if (w !== width || h !== height)
    image = image.resize(w, h, { fit: 'fill', kernel: w > width || h > height ? 'linear' : 'lanczos3' });
  // Each axis now shrinks by w/size >= 1, so the last sample, at w - w/size, stays inside the frame; the output
  // is exactly size x size (libvips sizes it from the transformed frame).
  return image.affine(
    [
      [size / w, 0],
      [0, size / h],
    ],
    { interpolator: sharp.interpolators.bilinear },
  );
}

function toModelRange(pixels: Buffer): Float32Array {
  const tensor = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) tensor[i] = (pixels[i] * 2) / 255 - 1;
  return tensor;
}
