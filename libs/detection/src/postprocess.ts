import { DECODERS, type RawOutputs } from './decoders';
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
  const wanted = options.classes && new Set(options.classes);
  const candidates = DECODERS[model.family](outputs, model, options.minConfidence).filter((c) => {
    const label = model.labels[c.classIndex];
    // A column the model never trained (null label) is not an object, whatever it scored.
    return label != null && (!wanted || wanted.has(label.name));
  });
  return nonMaxSuppressionPerClass(candidates, options.iouThreshold, options.maxDetections).map((c) => {
    const label = model.labels[c.classIndex]!;
    return {
      label: label.name,
      // COCO models: the COCO category id; a model of one's own without ids: its label index.
      classId: label.cocoId ?? c.classIndex,
      confidence: c.score,
      bbox: toImagePixels(c.box, geometry),
    };
  });
}
