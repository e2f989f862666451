/** Tensor names and shapes of models/ssdlite-mobilenet-v2-coco.onnx (see models/PROVENANCE.md). */
export const MODEL_SPEC = Object.freeze({
  /** Reported with every result, so a client can tell which model produced it. */
  name: 'ssdlite-mobilenet-v2-coco',
  /** The shipped file's sha256, shortened (models/PROVENANCE.md): a converted model has no release number. */
  version: 'sha256:90e7feae74a6',
  inputName: 'Preprocessor/sub',
  inputSize: 300,
  scoresName: 'Postprocessor/Slice',
  boxesName: 'Postprocessor/ExpandDims_1',
  anchorCount: 1917,
  classCount: 90,
});

export const SHIPPED_MODEL_SHA256 = '90e7feae74a69d2c0bad00161b1f4675d0c453efe9bf532de969354b9fece6f7';
