import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { ImageDecodeError } from '../src';
import { colourOfClass, drawDetections, overlaySvg } from '../src/annotate';

describe('drawDetections', () => {
  it('when a label holds markup characters, then it is drawn as text and the SVG stays well-formed', async () => {
    const svg = overlaySvg([{ label: '<b>&"x"</b>', classId: 1, confidence: 0.5, bbox: [5, 30, 60, 60] }], 100, 80);
    expect(svg).toContain('&#60;b&#62;&#38;&#34;x&#34;&#60;/b&#62; 50%');
    const photo = await sharp({ create: { width: 100, height: 80, channels: 3, background: '#ffffff' } })
      .png()
      .toBuffer();
    const drawn = await drawDetections(
      photo,
      [{ label: '<b>&"x"</b>', classId: 1, confidence: 0.5, bbox: [5, 30, 60, 60] }],
      { maxInputPixels: 1e6 },
    );
    expect(drawn).toMatchObject({ width: 100, height: 80 });
    expect((await sharp(drawn.jpeg).metadata()).format).toBe('jpeg');
  });

  it('when class ids are neighbours or 20 apart, then their colours differ', () => {
    const colours = [1, 2, 3, 21, 41, 47, 67].map(colourOfClass);
    expect(new Set(colours).size).toBe(colours.length);
    expect(colourOfClass(47)).toBe(colourOfClass(47));
  });

  it('when the bytes are no image, then ImageDecodeError', async () => {
    await expect(drawDetections(Buffer.from('not an image'), [], { maxInputPixels: 1e6 })).rejects.toThrow(
      ImageDecodeError,
    );
  });
});
