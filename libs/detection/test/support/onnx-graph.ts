import { onnx } from 'onnx-proto';

const FLOAT = onnx.TensorProto.DataType.FLOAT;

const valueInfo = (name: string, dims: number[]) => ({
  name,
  type: { tensorType: { elemType: FLOAT, shape: { dim: dims.map((dimValue) => ({ dimValue })) } } },
});

/**
 * An ONNX model (opset 13) whose one output is a constant float tensor: it takes an image input of the given shape
 * and ignores it, so a test controls the raw output exactly and checks the decode of it.
 */
export function constantOutputModel(options: {
  inputName: string;
  inputShape: number[];
  outputName: string;
  outputShape: number[];
  values: number[];
}): Buffer {
  const constant = {
    opType: 'Constant',
    output: [options.outputName],
    attribute: [
      {
        name: 'value',
        type: onnx.AttributeProto.AttributeType.TENSOR,
        t: { dims: options.outputShape, dataType: FLOAT, floatData: options.values },
      },
    ],
  };
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'image-detection-service tests',
    graph: {
      name: 'constant',
      node: [constant],
      input: [valueInfo(options.inputName, options.inputShape)],
      output: [valueInfo(options.outputName, options.outputShape)],
    },
  });
  return Buffer.from(onnx.ModelProto.encode(model).finish());
}
