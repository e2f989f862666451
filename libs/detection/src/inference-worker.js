'use strict';
// Worker-thread entry: loads one ONNX session once and runs one inference at a time for the pool.
// Plain CommonJS on purpose: it runs unchanged from the TypeScript sources (vitest) and from dist/.
// Protocol (see worker-pool.ts): in {id, payload: {input: Float32Array}}; out {type:'ready'} once,
// then {id, ok:true, result: {<outputName>: Float32Array}} or {id, ok:false, error:{name, message}}.
const { parentPort, workerData } = require('node:worker_threads');
const ort = require('onnxruntime-node');

async function main() {
  const { modelPath, intraOpThreads, inputName, inputShape } = workerData;
  const session = await ort.InferenceSession.create(modelPath, {
    // The pool gives each core its own session; more threads per session would oversubscribe the CPU.
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  parentPort.on('message', async ({ id, payload }) => {
    try {
      const outputs = await session.run({ [inputName]: new ort.Tensor('float32', payload.input, inputShape) });
      const result = {};
      const transferList = [];
      for (const [name, tensor] of Object.entries(outputs)) {
        result[name] = tensor.data;
        transferList.push(tensor.data.buffer);
      }
      parentPort.postMessage({ id, ok: true, result }, transferList);
    } catch (error) {
      parentPort.postMessage({ id, ok: false, error: { name: error.name, message: error.message } });
    }
  });
  parentPort.postMessage({ type: 'ready' });
}

main().catch((error) => {
  // Rethrown outside the promise so the pool sees an 'error' event with the cause and the thread exits.
  setImmediate(() => {
    throw error;
  });
});
