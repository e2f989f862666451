/**
 * The pipeline limit's inference thread: a bare onnxruntime session on the default model, fed by postMessage, no
 * service code (no piscina, no registry, no decoding of outputs). One inference at a time, as the product's threads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';

interface Job {
  id: number;
  input: Float32Array;
}

const { modelPath, inputName, inputShape } = workerData as {
  modelPath: string;
  inputName: string;
  inputShape: number[];
};

async function main(): Promise<void> {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  parentPort!.postMessage({ ready: true });
  parentPort!.on('message', async ({ id, input }: Job) => {
    const outputs = await session.run({ [inputName]: new ort.Tensor('float32', input, inputShape) });
    parentPort!.postMessage({ id, outputs: Object.keys(outputs).length });
  });
}

void main();
