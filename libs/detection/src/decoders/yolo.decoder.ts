import { type Candidate, type Decoder, outputOf, rowsOf } from './decoder';

/**
 * The Ultralytics export layout (YOLOv8 and later, and most custom-training tools): one output [1, 4 + C, N],
 * channel-major: cx, cy, w, h in input pixels, then C class scores (no objectness) for each of N boxes.
 */
export const decodeYolo: Decoder = (outputs, model, minConfidence) => {
  const classCount = model.labels.length;
  const data = outputOf(outputs, model.outputs[0], model);
  const count = rowsOf(data, 4 + classCount, `output "${model.outputs[0]}"`);
  const at = (channel: number, box: number) => data[channel * count + box];
  const candidates: Candidate[] = [];
  for (let box = 0; box < count; box++) {
    for (let classIndex = 0; classIndex < classCount; classIndex++) {
      const score = at(4 + classIndex, box);
      if (score < minConfidence) continue;
      const [cx, cy, w, h] = [at(0, box), at(1, box), at(2, box), at(3, box)];
      candidates.push({ classIndex, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
    }
  }
  return candidates;
};
