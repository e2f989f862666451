import Joi from 'joi';

/** How a family's raw outputs become boxes (see models/README.md and libs/detection/src/decoders). */
export const MODEL_FAMILIES = ['ssd-tf', 'picodet', 'nanodet', 'yolox', 'yolo'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

export interface ModelLabel {
  name: string;
  /** The COCO category id (1..90) of a COCO-trained class, so exports can map it; absent for one's own classes. */
  cocoId?: number;
}

export interface ModelInput {
  /** The ONNX input tensor's name. */
  name: string;
  width: number;
  height: number;
  layout: 'NCHW' | 'NHWC';
  /** Channel order of the tensor. */
  colour: 'RGB' | 'BGR';
  /** Per channel of the tensor (in its colour order): value = (pixel - mean) / std, pixel in 0..255. */
  mean: [number, number, number];
  std: [number, number, number];
  /** stretch: plain resize to width x height; letterbox: scaled to fit, aspect kept, the rest padded. */
  resize: 'stretch' | 'letterbox';
  /** Letterbox only: where the scaled image sits (YOLOX: top-left; Ultralytics: center). */
  align: 'top-left' | 'center';
  /** Letterbox only: the padding's value, 0..255, in every channel. */
  padValue: number;
}

/** The manifest (model.json) as validated and normalised: every optional field filled in. */
export interface ModelManifest {
  name: string;
  version: string;
  family: ModelFamily;
  /** The ONNX file, relative to the manifest's folder. */
  file: string;
  /** The file's sha256 (lower case), checked before its first session; undefined when skipChecksum is set. */
  sha256?: string;
  skipChecksum: boolean;
  licence: string;
  source?: string;
  input: ModelInput;
  /** Output tensor names in the order the family reads them (see decoders). */
  outputs: string[];
  /** Grid families (picodet, nanodet, yolox): the stride of each output level. */
  strides?: number[];
  /** One entry per score column; null for a column the model never trained (never reported). */
  labels: (ModelLabel | null)[];
  /** Defaults of this model for requests that do not say; absent ones come from the configuration. */
  defaults: { minConfidence?: number; iouThreshold?: number; maxDetections?: number };
  /** Bytes one session of this model is counted for against the memory budget (default: 3 x the file's size). */
  memoryBytes?: number;
}

/** A manifest that cannot be used, naming its file and the field at fault. */
export class ModelManifestError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'ModelManifestError';
  }
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const triple = Joi.array().items(Joi.number()).length(3);
const positiveTriple = Joi.array().items(Joi.number().greater(0)).length(3);

// The messages are the pattern rules' own (`.message`), not `.messages()` preferences, which Joi checks against
// meta-schemas it builds on first use. Built on first use too: the Lambda API reads no manifest on a cold start.
let schema: Joi.ObjectSchema | undefined;
const manifestSchema = () =>
  (schema ??= Joi.object({
    name: Joi.string()
      .pattern(NAME)
      .message('"name" must be lower-case letters, digits, ".", "_" or "-" (at most 64)')
      .required(),
    version: Joi.string()
      .pattern(VERSION)
      .message('"version" must be letters, digits, ".", "_" or "-" (at most 32), without "@"')
      .required(),
    family: Joi.string()
      .valid(...MODEL_FAMILIES)
      .required(),
    file: Joi.string()
      .pattern(/^[^/\\]+\.onnx$/)
      .message('"file" must be the name of an .onnx file in the manifest\'s folder')
      .required(),
    sha256: Joi.string()
      .pattern(/^[0-9a-fA-F]{64}$/)
      .message('"sha256" must be 64 hex digits')
      .lowercase(),
    skipChecksum: Joi.boolean(),
    licence: Joi.string().min(1).required(),
    source: Joi.string(),
    input: Joi.object({
      name: Joi.string().min(1).required(),
      size: Joi.alternatives(
        Joi.number().integer().min(16).max(4096),
        Joi.array().items(Joi.number().integer().min(16).max(4096)).length(2),
      ).required(),
      layout: Joi.string().valid('NCHW', 'NHWC').required(),
      colour: Joi.string().valid('RGB', 'BGR').required(),
      mean: triple,
      std: positiveTriple,
      scale: Joi.number().greater(0),
      offset: Joi.number(),
      resize: Joi.string().valid('stretch', 'letterbox').required(),
      align: Joi.string().valid('top-left', 'center').default('top-left'),
      padValue: Joi.number().integer().min(0).max(255).default(114),
    })
      .and('mean', 'std')
      .oxor('mean', 'scale')
      .oxor('mean', 'offset')
      .required(),
    outputs: Joi.array().items(Joi.string().min(1)).min(1).required(),
    strides: Joi.array().items(Joi.number().integer().min(1)).min(1),
    labels: Joi.array()
      .items(
        Joi.object({ name: Joi.string().min(1).max(64).required(), cocoId: Joi.number().integer().min(1).max(90) }),
        Joi.valid(null),
      )
      .min(1)
      .required(),
    defaults: Joi.object({
      minConfidence: Joi.number().min(0.01).max(1),
      iouThreshold: Joi.number().min(0.1).max(0.95),
      maxDetections: Joi.number().integer().min(1).max(300),
    }).default({}),
    memoryMB: Joi.number().integer().min(1),
  }));

/** How many output tensors each family reads, given its strides. */
function expectedOutputs(family: ModelFamily, strides: number[] | undefined): number | undefined {
  if (family === 'ssd-tf') return 2;
  if (family === 'yolox' || family === 'yolo') return 1;
  return strides ? strides.length * 2 : undefined;
}

/** Validates the parsed JSON of a model.json; throws ModelManifestError naming the file and the field. */
export function parseManifest(json: unknown, file: string): ModelManifest {
  const { value, error } = manifestSchema().validate(json, { abortEarly: true, convert: true });
  if (error) throw new ModelManifestError(file, error.details[0].message);
  const v = value as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const family = v.family as ModelFamily;
  // A checksum or an explicit opt-out: a model file is never used unverified by omission.
  if (!v.sha256 && v.skipChecksum !== true)
    throw new ModelManifestError(file, 'give "sha256" (64 hex digits of the file) or "skipChecksum": true');
  if (family !== 'ssd-tf' && family !== 'yolo' && !v.strides)
    throw new ModelManifestError(file, `"strides" is required for the ${family} family`);
  const outputCount = expectedOutputs(family, v.strides);
  if (outputCount !== undefined && v.outputs.length !== outputCount) {
    throw new ModelManifestError(
      file,
      `"outputs" must name ${outputCount} tensor(s) for the ${family} family, got ${v.outputs.length}`,
    );
  }
  if (!v.labels.some((label: ModelLabel | null) => label !== null))
    throw new ModelManifestError(file, '"labels" must name at least one class');
  const [width, height] = Array.isArray(v.input.size) ? v.input.size : [v.input.size, v.input.size];
  const scale = v.input.scale ?? 1;
  const offset = v.input.offset ?? 0;
  return {
    name: v.name,
    version: v.version,
    family,
    file: v.file,
    ...(v.sha256 && { sha256: v.sha256 }),
    skipChecksum: v.skipChecksum === true,
    licence: v.licence,
    ...(v.source && { source: v.source }),
    input: {
      name: v.input.name,
      width,
      height,
      layout: v.input.layout,
      colour: v.input.colour,
      // scale/offset (value = pixel * scale + offset) is the same as mean = -offset / scale, std = 1 / scale.
      mean: v.input.mean ?? [0, 1, 2].map(() => -offset / scale),
      std: v.input.std ?? [0, 1, 2].map(() => 1 / scale),
      resize: v.input.resize,
      align: v.input.align,
      padValue: v.input.padValue,
    },
    outputs: v.outputs,
    ...(v.strides && { strides: v.strides }),
    labels: v.labels,
    defaults: v.defaults,
    ...(v.memoryMB && { memoryBytes: v.memoryMB * 2 ** 20 }),
  };
}
