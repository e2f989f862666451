import sharp, { type Sharp } from 'sharp';
import type { InputGeometry } from './geometry';
import { ImageDecodeError } from './image-decode.error';
import type { ModelInput } from './registry/model-manifest';
import { planTiles, type TilePlan, type TilingSettings } from './tiling';

export interface PreparedImage {
  /** The model's input tensor: float32 in its layout, colour order and normalisation. */
  tensor: Float32Array;
  /** Where the oriented image (width x height: the frame boxes are reported in) sits in the tensor. */
  geometry: InputGeometry;
}

/**
 * Decodes any image sharp reads, applies EXIF orientation, makes it 8-bit sRGB without alpha (grayscale, CMYK and
 * 16-bit inputs included) and fits it to the model's input: a plain resize (stretch), or scaled to fit with its
 * aspect kept and the rest padded (letterbox). sharp works on libuv's thread pool, so this does not block the event
 * loop.
 */
export async function prepareImage(image: Buffer, input: ModelInput, maxInputPixels: number): Promise<PreparedImage> {
  try {
    const decoder = decoderOf(image, maxInputPixels);
    const { width, height } = (await decoder().metadata()).autoOrient;
    return await fitToInput(decoder().rotate(), width, height, input);
  } catch (error) {
    throw new ImageDecodeError(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
}

/** The whole image as prepareImage makes it, and each tile of its plan (tiling.ts) as the model's input. */
export interface PreparedTiles {
  whole: PreparedImage;
  plan: TilePlan;
  /** In the plan's order; each geometry places the tile (its width x height, in view pixels) in the tensor. */
  tiles: PreparedImage[];
}

/**
 * prepareImage, plus the tiles of the image's tile plan. The tiles are cut from one decode of the view the plan
 * tiles (the oriented image itself, or shrunk with sharp's antialiased resize when the grid is capped), so each is
 * at the model's size already and needs no resize of its own.
 */
export async function prepareTiles(
  image: Buffer,
  input: ModelInput,
  maxInputPixels: number,
  settings: TilingSettings,
): Promise<PreparedTiles> {
  try {
    const decoder = decoderOf(image, maxInputPixels);
    const { width, height } = (await decoder().metadata()).autoOrient;
    const whole = await fitToInput(decoder().rotate(), width, height, input);
    const plan = planTiles(width, height, input.width, input.height, settings);
    if (plan.tiles.length === 0) return { whole, plan, tiles: [] };
    let view = decoder().rotate();
    if (plan.viewWidth !== width || plan.viewHeight !== height)
      view = view.resize(plan.viewWidth, plan.viewHeight, { fit: 'fill' });
    const { data, info } = await view
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const raw = { width: info.width, height: info.height, channels: info.channels };
    const tiles = await Promise.all(
      plan.tiles.map((tile) =>
        fitToInput(
          sharp(data, { raw }).extract({ left: tile.x, top: tile.y, width: tile.width, height: tile.height }),
          tile.width,
          tile.height,
          input,
        ),
      ),
    );
    return { whole, plan, tiles };
  } catch (error) {
    throw new ImageDecodeError(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
}

function decoderOf(image: Buffer, maxInputPixels: number): () => Sharp {
  // sequentialRead lets libvips stream formats that allow it (baseline JPEG, plain PNG) instead of holding them.
  return () => sharp(image, { limitInputPixels: maxInputPixels, failOn: 'error', sequentialRead: true });
}

/** A width x height (oriented) image fitted to the model's input: resized, padded for a letterbox, as a tensor. */
async function fitToInput(image: Sharp, width: number, height: number, input: ModelInput): Promise<PreparedImage> {
  const geometry = placement(width, height, input);
  const resizedWidth = Math.round(width * geometry.scaleX);
  const resizedHeight = Math.round(height * geometry.scaleY);
  let pipeline = toModelSize(image, width, height, resizedWidth, resizedHeight);
  if (input.resize === 'letterbox') {
    const pad = { r: input.padValue, g: input.padValue, b: input.padValue };
    pipeline = pipeline.extend({
      left: geometry.padX,
      top: geometry.padY,
      right: input.width - resizedWidth - geometry.padX,
      bottom: input.height - resizedHeight - geometry.padY,
      background: pad,
    });
  }
  const { data } = await pipeline
    .removeAlpha()
    .toColourspace('srgb')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  return { tensor: toTensor(data, input), geometry };
}

/** Above this many times its size in the model's input on either axis, a photo is first shrunk with antialiasing. */
const PRE_SHRINK_FACTOR = 4;

/**
 * Bilinear point sampling, as the models' training pipelines resize (TensorFlow's resize_images, OpenCV's
 * INTER_LINEAR: no antialiasing): on coco128 SSDLite scores 34.4 mAP@[.5:.95] this way against 33.3 with sharp's
 * default lanczos3 and 33.2-33.6 with its other kernels (bench/RESULTS.md). An axis far larger than its target (a
 * 12 MP photo) is shrunk straight to the target with sharp's antialiased resize instead, which lets libjpeg shrink on
 * load by up to 8 (the photos of coco128, ~640 px, never take this path, so its scores are unchanged; shrinking to
 * twice the target first, then sampling, decoded 4 times the pixels and held 12 MP JPEGs to 0.76x of the pipeline
 * limit, bench/RESULTS.md). An axis smaller than its target is enlarged by plain bilinear interpolation (where
 * antialiasing means nothing), so no sample falls past the image's edge.
 */
function toModelSize(image: Sharp, width: number, height: number, targetWidth: number, targetHeight: number): Sharp {
  const axis = (length: number, target: number) =>
    length > PRE_SHRINK_FACTOR * target ? target : Math.max(length, target);
  const w = axis(width, targetWidth);
  const h = axis(height, targetHeight);
  if (w !== width || h !== height)
    image = image.resize(w, h, { fit: 'fill', kernel: w > width || h > height ? 'linear' : 'lanczos3' });
  // A photo shrunk straight to the input needs no second pass.
  if (w === targetWidth && h === targetHeight) return image;
  // Each axis now shrinks by w / target >= 1, so the last sample, at w - w / target, stays inside the frame; the
  // output is exactly target x target (libvips sizes it from the transformed frame).
  return image.affine(
    [
      [targetWidth / w, 0],
      [0, targetHeight / h],
    ],
    { interpolator: sharp.interpolators.bilinear },
  );
}

/** Scale and padding of a width x height image in the model's input. */
export function placement(width: number, height: number, input: ModelInput): InputGeometry {
  if (input.resize === 'stretch')
    return { width, height, scaleX: input.width / width, scaleY: input.height / height, padX: 0, padY: 0 };
  const scale = Math.min(input.width / width, input.height / height);
  // Whole pixels: the scaled image covers round(width x scale) columns, and the boxes map back by that scale.
  const resizedWidth = Math.max(1, Math.min(input.width, Math.round(width * scale)));
  const resizedHeight = Math.max(1, Math.min(input.height, Math.round(height * scale)));
  const centred = input.align === 'center';
  return {
    width,
    height,
    scaleX: resizedWidth / width,
    scaleY: resizedHeight / height,
    padX: centred ? Math.floor((input.width - resizedWidth) / 2) : 0,
    padY: centred ? Math.floor((input.height - resizedHeight) / 2) : 0,
  };
}

/** Interleaved RGB bytes (HWC) -> the model's layout and channel order, value = (pixel - mean) / std. */
function toTensor(pixels: Buffer, input: ModelInput): Float32Array {
  const area = input.width * input.height;
  const tensor = new Float32Array(area * 3);
  // Tensor channel c takes RGB channel source[c]; multiply-add per channel instead of a division per value.
  const source = input.colour === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  const scale = input.std.map((s) => 1 / s);
  const offset = input.mean.map((m, c) => -m * scale[c]);
  for (let c = 0; c < 3; c++) {
    const [from, a, b] = [source[c], scale[c], offset[c]];
    if (input.layout === 'NCHW') {
      const plane = c * area;
      for (let i = 0; i < area; i++) tensor[plane + i] = pixels[i * 3 + from] * a + b;
    } else {
      for (let i = 0; i < area; i++) tensor[i * 3 + c] = pixels[i * 3 + from] * a + b;
    }
  }
  return tensor;
}
