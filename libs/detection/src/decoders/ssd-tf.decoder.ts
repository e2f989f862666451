import { type Candidate, type Decoder, outputOf, rowsOf } from './decoder';

/**
 * TensorFlow Object Detection API SSD: outputs [scores [1, N, C] (sigmoid applied), boxes [1, N, 1, 4] as
 * normalised (ymin, xmin, ymax, xmax)]. Every (anchor, class) pair at or above the threshold is a candidate.
 */
export const decodeSsdTf: Decoder = (outputs, model, minConfidence) => {
  const classCount = model.labels.length;
  const scores = outputOf(outputs, model.outputs[0], model);
  const boxes = outputOf(outputs, model.outputs[1], model);
  const anchorCount = rowsOf(boxes, 4, `boxes output "${model.outputs[1]}"`);
  if (scores.length !== anchorCount * classCount) {
    throw new Error(`scores hold ${scores.length} values, expected ${anchorCount} anchors x ${classCount} classes`);
  }
  const { width, height } = model.input;
  const candidates: Candidate[] = [];
  for (let anchor = 0; anchor < anchorCount; anchor++) {
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const score = scores[anchor * classCount + classIndex];
      if (score < minConfidence) continue;
      const b = anchor * 4;
      const [ymin, xmin, ymax, xmax] = [boxes[b], boxes[b + 1], boxes[b + 2], boxes[b + 3]];
      candidates.push({
        classIndex,
        score,
        box: [
          Math.min(xmin, xmax) * width,
          Math.min(ymin, ymax) * height,
          Math.max(xmin, xmax) * width,
          Math.max(ymin, ymax) * height,
        ],
      });
    }
  }
  return candidates;
};
