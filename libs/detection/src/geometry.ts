import type { InputBox } from './decoders';

/**
 * How the oriented image was placed in the input tensor: input x = image x * scaleX + padX (likewise y). A stretch
 * has no padding and a scale per axis; a letterbox one scale for both and padding on one side or around.
 */
export interface InputGeometry {
  width: number;
  height: number;
  scaleX: number;
  scaleY: number;
  padX: number;
  padY: number;
}

const clamp = (value: number, max: number) => Math.min(max, Math.max(0, value));

/** An input-tensor box -> (x1, y1, x2, y2) in fractional pixels of the oriented image, ordered and clamped to it. */
export function toImageBox(box: InputBox, g: InputGeometry): InputBox {
  const x = (v: number) => clamp((v - g.padX) / g.scaleX, g.width);
  const y = (v: number) => clamp((v - g.padY) / g.scaleY, g.height);
  return [
    x(Math.min(box[0], box[2])),
    y(Math.min(box[1], box[3])),
    x(Math.max(box[0], box[2])),
    y(Math.max(box[1], box[3])),
  ];
}

/** A box in fractional pixels -> integer pixels, as detections report them. */
export function toIntegerBox(box: InputBox): [number, number, number, number] {
  return [Math.round(box[0]), Math.round(box[1]), Math.round(box[2]), Math.round(box[3])];
}

/** An input-tensor box -> [x1, y1, x2, y2] in integer pixels of the oriented image, clamped to it. */
export function toImagePixels(box: InputBox, g: InputGeometry): [number, number, number, number] {
  return toIntegerBox(toImageBox(box, g));
}
