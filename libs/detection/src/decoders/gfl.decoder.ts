import { type Candidate, type Decoder, outputOf, rowsOf } from './decoder';

/**
 * PicoDet and NanoDet (Generalized Focal Loss heads): per stride, a score tensor [1, N, C] (sigmoid applied), then
 * per stride a box tensor [1, N, 4 x bins]. Each side's bins are a distribution: softmax, expectation x stride is
 * the distance from the cell centre ((col + 0.5) x stride, (row + 0.5) x stride) to the left, top, right, bottom.
 * Outputs in the manifest: every score tensor (stride order), then every box tensor.
 */
export const decodeGfl: Decoder = (outputs, model, minConfidence) => {
  const strides = model.strides!;
  const classCount = model.labels.length;
  const candidates: Candidate[] = [];
  strides.forEach((stride, level) => {
    const scoresName = model.outputs[level];
    const boxesName = model.outputs[strides.length + level];
    const scores = outputOf(outputs, scoresName, model);
    const boxes = outputOf(outputs, boxesName, model);
    const cells = rowsOf(scores, classCount, `scores output "${scoresName}"`);
    const perCell = rowsOf(boxes, cells, `boxes output "${boxesName}"`);
    const bins = perCell / 4;
    const columns = Math.ceil(model.input.width / stride);
    for (let cell = 0; cell < cells; cell++) {
      let distances: number[] | undefined;
      for (let classIndex = 0; classIndex < classCount; classIndex++) {
        const score = scores[cell * classCount + classIndex];
        if (score < minConfidence) continue;
        distances ??= sideDistances(boxes, cell * perCell, bins, stride);
        const cx = ((cell % columns) + 0.5) * stride;
        const cy = (Math.floor(cell / columns) + 0.5) * stride;
        const [left, top, right, bottom] = distances;
        candidates.push({ classIndex, score, box: [cx - left, cy - top, cx + right, cy + bottom] });
      }
    }
  });
  return candidates;
};

/** Expected bin of each side's softmax distribution, times the stride. */
function sideDistances(boxes: Float32Array, offset: number, bins: number, stride: number): number[] {
  const sides: number[] = [];
  for (let side = 0; side < 4; side++) {
    const start = offset + side * bins;
    let max = -Infinity;
    for (let i = 0; i < bins; i++) max = Math.max(max, boxes[start + i]);
    let sum = 0;
    let expectation = 0;
    for (let i = 0; i < bins; i++) {
      const weight = Math.exp(boxes[start + i] - max);
      sum += weight;
      expectation += weight * i;
    }
    sides.push((expectation / sum) * stride);
  }
  return sides;
}
