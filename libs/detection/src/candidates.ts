/** A box normalised to [0, 1] as the model emits it: ymin, xmin, ymax, xmax. */
export type NormalisedBox = [number, number, number, number];

export interface Candidate {
  classIndex: number;
  score: number;
  box: NormalisedBox;
}

export interface RawOutputs {
  /** [anchors * classes] scores, sigmoid already applied. */
  scores: Float32Array;
  /** [anchors * 4] boxes, (ymin, xmin, ymax, xmax) normalised. */
  boxes: Float32Array;
  classCount: number;
}

/** Every (anchor, class) pair scoring at least minConfidence, as a candidate for NMS. */
export function selectCandidates(outputs: RawOutputs, minConfidence: number): Candidate[] {
  const { scores, boxes, classCount } = outputs;
  const anchorCount = boxes.length / 4;
  if (scores.length !== anchorCount * classCount) {
    throw new Error(`scores hold ${scores.length} values, expected ${anchorCount} anchors x ${classCount} classes`);
  }
  const candidates: Candidate[] = [];
  for (let anchor = 0; anchor < anchorCount; anchor++) {
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const score = scores[anchor * classCount + classIndex];
      if (score >= minConfidence) {
        const b = anchor * 4;
        candidates.push({ classIndex, score, box: [boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3]] });
      }
    }
  }
  return candidates;
}
