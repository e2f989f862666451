import { type Candidate, DECODERS, type RawOutputs } from './decoders';
import type { Detection } from './detection.types';
import { type InputGeometry, toImagePixels } from './geometry';
import { nonMaxSuppressionPerClass } from './non-max-suppression';
import type { ModelManifest } from './registry/model-manifest';

export interface PostprocessOptions {
  minConfidence: number;
  iouThreshold: number;
  /** At most this many detections, the strongest (after NMS). */
  maxDetections: number;
  /** Label names to keep; undefined keeps every label. */
  classes?: readonly string[];
}

/** Raw model outputs -> labelled detections in pixels of the oriented image, confidence descending. */
export function postprocess(
  outputs: RawOutputs,
  model: ModelManifest,
  geometry: InputGeometry,
  options: PostprocessOptions,
): Detection[] {
  return nonMaxSuppressionPerClass(
    candidatesOf(outputs, model, options),
    options.iouThreshold,
    options.maxDetections,
  ).map((c) => toDetection(c, model, toImagePixels(c.box, geometry)));
}

/** Raw outputs -> the candidates (in input-tensor pixels) scoring at least minConfidence, of the wanted labels. */
export function candidatesOf(
  outputs: RawOutputs,
  model: ModelManifest,
  options: Pick<PostprocessOptions, 'minConfidence' | 'classes'>,
): Candidate[] {
  const wanted = options.classes && new Set(options.classes);
  return DECODERS[model.family](outputs, model, options.minConfidence).filter((c) => {
    const label = model.labels[c.classIndex];
    // A column the model never trained (null label) is not an object, whatever it scored.
    return label != null && (!wanted || wanted.has(label.name));
  });
}

/** A kept candidate as reported, its box already in integer pixels of the image. */
export function toDetection(
  candidate: Candidate,
  model: ModelManifest,
  bbox: [number, number, number, number],
): Detection {
  const label = model.labels[candidate.classIndex]!;
  return {
    label: label.name,
    // COCO models: the COCO category id; a model of one's own without ids: its label index.
    classId: label.cocoId ?? candidate.classIndex,
    confidence: candidate.score,
    bbox,
  };
}
