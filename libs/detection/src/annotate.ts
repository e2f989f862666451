import sharp from 'sharp';
import { ImageDecodeError } from './image-decode.error';

/** A box to draw: [x1, y1, x2, y2] in pixels of the EXIF-oriented image, as detections report them. */
export interface BoxToDraw {
  label: string;
  classId: number;
  confidence: number;
  bbox: [number, number, number, number];
}

export interface AnnotatedImage {
  jpeg: Buffer;
  width: number;
  height: number;
}

/**
 * A saturated colour per class, its hue stepped by the golden ratio: neighbouring and far-apart class ids alike get
 * well-separated hues (a fixed palette taken modulo its length gives ids 20 apart the same colour), and a class keeps
 * its colour in every image.
 */
export function colourOfClass(classId: number): string {
  const hue = (((Math.abs(Math.trunc(classId)) * 0.618033988749895) % 1) + 1) % 1;
  const [s, l] = [0.85, 0.5];
  const channel = (n: number) => {
    const k = (n + hue * 12) % 12;
    const value = l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(value * 255)
      .toString(16)
      .padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

/** Black or white, whichever reads better on the colour (relative luminance). */
function textColourOn(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.55 ? '#000000' : '#ffffff';
}

/** Labels come from user-supplied models and are text, never markup. */
function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Width of one character of the monospaced font, in em: lets the label's background fit its text exactly. */
const MONO_ADVANCE = 0.602;

/** The SVG overlay: per box a stroked rectangle and a label ("cat 93%") on a filled band of the box's colour. */
export function overlaySvg(boxes: BoxToDraw[], width: number, height: number): string {
  const short = Math.min(width, height);
  const stroke = Math.max(2, Math.round(short / 200));
  const fontSize = Math.max(12, Math.round(short / 32));
  const pad = Math.max(2, Math.round(fontSize / 5));
  const band = fontSize + 2 * pad;
  // Lowest confidence first, so the surest boxes and labels are drawn on top.
  const ordered = [...boxes].sort((a, b) => a.confidence - b.confidence);
  const parts = ordered.map(({ label, classId, confidence, bbox: [x1, y1, x2, y2] }) => {
    const colour = colourOfClass(classId);
    const text = `${label} ${Math.round(confidence * 100)}%`;
    const textWidth = Math.ceil(text.length * MONO_ADVANCE * fontSize) + 2 * pad;
    // Above the box when there is room, else just inside its top edge; never past the right edge of the image.
    const bandTop = y1 - band >= 0 ? y1 - band : y1;
    const bandLeft = Math.max(0, Math.min(x1, width - textWidth));
    const half = stroke / 2;
    return [
      `<rect x="${x1 + half}" y="${y1 + half}" width="${Math.max(0, x2 - x1 - stroke)}" height="${Math.max(0, y2 - y1 - stroke)}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
      `<rect x="${bandLeft}" y="${bandTop}" width="${textWidth}" height="${band}" fill="${colour}"/>`,
      `<text x="${bandLeft + pad}" y="${bandTop + pad + fontSize * 0.8}" font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" fill="${textColourOn(colour)}">${escapeXml(text)}</text>`,
    ].join('');
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
}

/**
 * The image, EXIF orientation applied (the frame the boxes are in), with the boxes and their labels drawn: an SVG
 * overlay composited by sharp, encoded as JPEG. ImageDecodeError when the bytes are no image or too large.
 */
export async function drawDetections(
  image: Buffer,
  boxes: BoxToDraw[],
  options: { maxInputPixels: number; quality?: number },
): Promise<AnnotatedImage> {
  const source = () => sharp(image, { limitInputPixels: options.maxInputPixels, failOn: 'error' });
  let width: number;
  let height: number;
  try {
    ({ width, height } = (await source().metadata()).autoOrient);
  } catch (error) {
    throw new ImageDecodeError(`cannot decode image: ${(error as Error).message}`, { cause: error });
  }
  // The overlay is composited onto the oriented image, so rotate first and composite in a second pipeline
  // (sharp would otherwise place the overlay before rotating).
  const oriented = await source()
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  const jpeg = await sharp(oriented.data, { raw: oriented.info })
    .composite([{ input: Buffer.from(overlaySvg(boxes, width, height)), top: 0, left: 0 }])
    .jpeg({ quality: options.quality ?? 90 })
    .toBuffer();
  return { jpeg, width, height };
}
