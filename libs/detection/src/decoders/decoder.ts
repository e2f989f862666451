import type { ModelManifest } from '../registry/model-manifest';

/** A box in pixels of the model's input tensor: x1, y1, x2, y2. */
export type InputBox = [number, number, number, number];

/** One (box, class) pair scoring at least the threshold, before NMS. classIndex is the manifest's label index. */
export interface Candidate {
  classIndex: number;
  score: number;
  box: InputBox;
}

/** The raw output tensors of one inference, by name. */
export type RawOutputs = Record<string, Float32Array>;

/** Turns one family's raw outputs into candidates in input-tensor pixels. */
export type Decoder = (outputs: RawOutputs, model: ModelManifest, minConfidence: number) => Candidate[];

/** The named output, or an error naming what the manifest promised and the model lacks. */
export function outputOf(outputs: RawOutputs, name: string, model: ModelManifest): Float32Array {
  const tensor = outputs[name];
  if (!tensor) throw new Error(`model ${model.name}@${model.version} has no output "${name}" (see its model.json)`);
  return tensor;
}

/** How many rows of `width` values a tensor holds; throws when it does not divide evenly. */
export function rowsOf(tensor: Float32Array, width: number, what: string): number {
  const rows = tensor.length / width;
  if (!Number.isInteger(rows)) throw new Error(`${what} holds ${tensor.length} values, not a multiple of ${width}`);
  return rows;
}
