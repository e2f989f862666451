import { boxToPixels } from './box-to-pixels';
import { type RawOutputs, selectCandidates } from './candidates';
import { labelForClassIndex } from './coco-labels';
import type { Detection } from './detection.types';
import { nonMaxSuppressionPerClass } from './non-max-suppression';

export interface PostprocessOptions {
  minConfidence: number;
  iouThreshold: number;
  width: number;
  height: number;
}

/** Raw model outputs -> labelled detections in pixels, confidence descending. */
export function postprocess(outputs: RawOutputs, options: PostprocessOptions): Detection[] {
  const candidates = selectCandidates(outputs, options.minConfidence)
    // The unused COCO ids were never trained as classes; a stray score there is not an object.
    .filter((c) => labelForClassIndex(c.classIndex) !== undefined);
  return nonMaxSuppressionPerClass(candidates, options.iouThreshold).map((c) => ({
    label: labelForClassIndex(c.classIndex) as string,
    classId: c.classIndex + 1, // score column c is COCO id c + 1 (see coco-labels.ts)
    confidence: c.score,
    bbox: boxToPixels(c.box, options.width, options.height),
  }));
}
