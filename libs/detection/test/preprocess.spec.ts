import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError, parseManifest } from '../src';
import { prepareImage as prepare } from '../src/preprocess';
import { shippedManifest } from './support/model-folders';
import { fixture } from './support/real-model';

const SSD_INPUT = parseManifest(shippedManifest('ssdlite'), 'ssdlite').input;
const YOLOX_INPUT = parseManifest(shippedManifest('yolox-nano'), 'yolox-nano').input;
const PICODET_INPUT = parseManifest(shippedManifest('picodet-s-320'), 'picodet-s-320').input;

/** SSDLite's input (300 x 300 NHWC RGB, -1..1, stretched); width and height of the oriented image beside it. */
async function prepareImage(image: Buffer, size: number, maxInputPixels: number) {
  const { tensor, geometry } = await prepare(image, { ...SSD_INPUT, width: size, height: size }, maxInputPixels);
  return { tensor, width: geometry.width, height: geometry.height };
}

const SIZE = 300;
const LIMIT = 100_000_000;
const chelsea = fixture('chelsea.png');

/** RGB of the tensor pixel at (x, y), back in 0..255. */
const pixelAt = (tensor: Float32Array, x: number, y: number) =>
  [0, 1, 2].map((c) => Math.round(((tensor[(y * SIZE + x) * 3 + c] + 1) * 255) / 2));

const solid = (r: number, g: number, b: number, width = 40, height = 20) =>
  sharp({ create: { width, height, channels: 3, background: { r, g, b } } });

describe('prepareImage', () => {
  it('when given an RGB image, then it yields a 300x300x3 RGB tensor scaled to [-1, 1] and the original size', async () => {
    const red = await solid(255, 0, 0).png().toBuffer();
    const prepared = await prepareImage(red, SIZE, LIMIT);
    expect(prepared).toMatchObject({ width: 40, height: 20 });
    expect(prepared.tensor).toHaveLength(SIZE * SIZE * 3);
    expect(Array.from(prepared.tensor.slice(0, 3))).toEqual([1, -1, -1]);
  });

  it('when the JPEG carries EXIF orientation 6, then pixels and size are those of the upright image', async () => {
    // Stored 40x20, red left half and blue right half; orientation 6 displays it turned 90 degrees clockwise
    // to 20x40, red on top.
    const stored = await sharp({ create: { width: 40, height: 20, channels: 3, background: { r: 0, g: 0, b: 255 } } })
      .composite([{ input: await solid(255, 0, 0, 20, 20).png().toBuffer(), left: 0, top: 0 }])
      .jpeg({ quality: 100 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const prepared = await prepareImage(stored, SIZE, LIMIT);
    expect(prepared).toMatchObject({ width: 20, height: 40 });
    const [topR, , topB] = pixelAt(prepared.tensor, 150, 20);
    const [bottomR, , bottomB] = pixelAt(prepared.tensor, 150, 280);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(50);
    expect(bottomR).toBeLessThan(50);
    expect(bottomB).toBeGreaterThan(200);
  });

  it('when given grayscale, 16-bit, RGBA and CMYK images, then each becomes the same 3-channel 8-bit tensor shape', async () => {
    const variants = {
      grayscale: await sharp(chelsea).greyscale().png().toBuffer(),
      sixteenBit: await sharp(chelsea).toColourspace('rgb16').png().toBuffer(),
      rgba: await sharp(chelsea).ensureAlpha(0.5).png().toBuffer(),
      cmyk: await sharp(chelsea).toColourspace('cmyk').jpeg().toBuffer(),
    };
    const reference = await prepareImage(chelsea, SIZE, LIMIT);
    for (const [name, bytes] of Object.entries(variants)) {
      const { tensor, width, height } = await prepareImage(bytes, SIZE, LIMIT);
      expect({ name, length: tensor.length, width, height }).toEqual({
        name,
        length: SIZE * SIZE * 3,
        width: 451,
        height: 300,
      });
      if (name === 'grayscale') {
        const [r, g, b] = pixelAt(tensor, 100, 100);
        expect(r === g && g === b).toBe(true);
      } else {
        // Colour survives the conversion: same pixel as the 8-bit RGB original, within a few levels (CMYK goes through JPEG and a profile-less round trip).
        const expected = pixelAt(reference.tensor, 100, 100);
        pixelAt(tensor, 100, 100).forEach((v, c) =>
          expect(Math.abs(v - expected[c]), `${name} channel ${c}`).toBeLessThan(25),
        );
      }
    }
  });

  it('when the image is twice the model size, then pixels are sampled bilinearly as in training, not averaged', async () => {
    // Columns alternate black and white: bilinear point sampling at 2x lands on the black (even) columns, while an
    // antialiasing kernel (sharp's default lanczos3) would average them to grey.
    const stripes = Buffer.alloc(600 * 600 * 3);
    for (let i = 0; i < 600 * 600; i++) if ((i % 600) % 2 === 1) stripes.fill(255, i * 3, i * 3 + 3);
    const png = await sharp(stripes, { raw: { width: 600, height: 600, channels: 3 } })
      .png()
      .toBuffer();
    const { tensor } = await prepareImage(png, SIZE, LIMIT);
    for (const [x, y] of [
      [0, 0],
      [10, 150],
      [299, 299],
    ])
      expect(pixelAt(tensor, x, y)).toEqual([0, 0, 0]);
  });

  it('when the image has any size, large or odd, then the tensor is exactly the model size and keeps its colours', async () => {
    // 4000x3000 takes the antialiased pre-shrink (over 4x the model size); the others are sampled directly.
    for (const [width, height] of [
      [7, 13],
      [299, 301],
      [1201, 5],
      [4000, 3000],
    ]) {
      const bytes = await sharp({ create: { width, height, channels: 3, background: { r: 0, g: 0, b: 255 } } })
        .composite([
          {
            input: await solid(255, 0, 0, Math.ceil(width / 2), height)
              .png()
              .toBuffer(),
            left: 0,
            top: 0,
          },
        ])
        .png()
        .toBuffer();
      const prepared = await prepareImage(bytes, SIZE, LIMIT);
      expect({ width: prepared.width, height: prepared.height, length: prepared.tensor.length }).toEqual({
        width,
        height,
        length: SIZE * SIZE * 3,
      });
      expect(pixelAt(prepared.tensor, 20, 150), `${width}x${height} left`).toEqual([255, 0, 0]);
      expect(pixelAt(prepared.tensor, 280, 150), `${width}x${height} right`).toEqual([0, 0, 255]);
    }
  });

  it('when the image has more pixels than the limit, then it is refused as ImageDecodeError', async () => {
    await expect(prepareImage(chelsea, SIZE, 451 * 300 - 1)).rejects.toThrow(ImageDecodeError);
    await expect(prepareImage(chelsea, SIZE, 451 * 300)).resolves.toMatchObject({ width: 451 });
  });

  it('when the bytes are garbage, empty or a truncated PNG, then it throws ImageDecodeError', async () => {
    for (const bytes of [
      Buffer.from('GIF89a but not really'),
      Buffer.alloc(0),
      chelsea.subarray(0, chelsea.length / 2),
    ]) {
      await expect(prepareImage(bytes, SIZE, LIMIT)).rejects.toThrow(ImageDecodeError);
    }
  });

  it('when the model letterboxes at the top-left in BGR 0..255 NCHW (YOLOX), then the image keeps its aspect and the rest is 114', async () => {
    const red = await solid(255, 0, 0, 832, 416).png().toBuffer(); // scaled to 416 x 208
    const { tensor, geometry } = await prepare(red, YOLOX_INPUT, LIMIT);
    expect(geometry).toEqual({ width: 832, height: 416, scaleX: 0.5, scaleY: 0.5, padX: 0, padY: 0 });
    const plane = 416 * 416;
    const bgrAt = (x: number, y: number) => [0, 1, 2].map((c) => tensor[c * plane + y * 416 + x]);
    expect(bgrAt(200, 100)).toEqual([0, 0, 255]); // red, channels in BGR order, unnormalised
    expect(bgrAt(200, 300)).toEqual([114, 114, 114]); // padding below the image
  });

  it('when the model normalises with mean and std in NCHW RGB (PicoDet), then each plane holds (v - mean) / std', async () => {
    const red = await solid(255, 0, 0).png().toBuffer();
    const { tensor, geometry } = await prepare(red, PICODET_INPUT, LIMIT);
    expect(geometry).toMatchObject({ width: 40, height: 20, scaleX: 8, scaleY: 16, padX: 0, padY: 0 });
    const plane = 320 * 320;
    expect(tensor[0]).toBeCloseTo((255 - 123.675) / 58.395, 4);
    expect(tensor[plane]).toBeCloseTo((0 - 116.28) / 57.12, 4);
    expect(tensor[2 * plane]).toBeCloseTo((0 - 103.53) / 57.375, 4);
  });
});
