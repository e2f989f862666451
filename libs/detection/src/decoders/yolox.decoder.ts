import { type Candidate, type Decoder, outputOf, rowsOf } from './decoder';

/**
 * YOLOX: one output [1, N, 5 + C], cells of stride 8, then 16, then 32, row-major within each. Per cell: x and y
 * offsets and log w, h (raw), objectness and class scores (sigmoid applied). cx = (x + col) x stride,
 * w = exp(w) x stride, in the letterboxed input's pixels; a class's score is objectness x class score.
 */
export const decodeYolox: Decoder = (outputs, model, minConfidence) => {
  const classCount = model.labels.length;
  const width = 5 + classCount;
  const data = outputOf(outputs, model.outputs[0], model);
  const rows = rowsOf(data, width, `output "${model.outputs[0]}"`);
  const grids = model.strides!.map((stride) => ({
    stride,
    columns: Math.floor(model.input.width / stride),
    cells: Math.floor(model.input.width / stride) * Math.floor(model.input.height / stride),
  }));
  const expected = grids.reduce((sum, grid) => sum + grid.cells, 0);
  if (rows !== expected) throw new Error(`output holds ${rows} cells, the strides make ${expected}`);
  const candidates: Candidate[] = [];
  let row = 0;
  for (const { stride, columns, cells } of grids) {
    for (let cell = 0; cell < cells; cell++, row++) {
      const at = row * width;
      const objectness = data[at + 4];
      if (objectness < minConfidence) continue; // class scores are at most 1: no class can reach the threshold
      const cx = (data[at] + (cell % columns)) * stride;
      const cy = (data[at + 1] + Math.floor(cell / columns)) * stride;
      const w = Math.exp(data[at + 2]) * stride;
      const h = Math.exp(data[at + 3]) * stride;
      for (let classIndex = 0; classIndex < classCount; classIndex++) {
        const score = objectness * data[at + 5 + classIndex];
        if (score >= minConfidence)
          candidates.push({ classIndex, score, box: [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2] });
      }
    }
  }
  return candidates;
};
