'use strict';
// Piscina worker module: loads one ONNX session once (piscina awaits the exported promise before the thread's first
// task) and runs one inference at a time. Plain CommonJS on purpose: it runs unchanged from the TypeScript sources
// (vitest) and from dist/. Protocol (see inference-pool.ts): in {input: Float32Array} or the warm-up ping
// {warmUp: true}; out {ok: true, result: {<outputName>: Float32Array}} or {ok: false, error: {name, message}}.
const { workerData } = require('node:worker_threads');
const ort = require('onnxruntime-node');

async function load() {
  const { modelPath, intraOpThreads, inputName, inputShape } = workerData;
  const session = await ort.InferenceSession.create(modelPath, {
    // The pool gives each core its own session; more threads per session would oversubscribe the CPU.
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  return async function infer(task) {
    if (task.warmUp) return { ok: true, result: {} };
    try {
      const outputs = await session.run({ [inputName]: new ort.Tensor('float32', task.input, inputShape) });
      const result = {};
      for (const [name, tensor] of Object.entries(outputs)) result[name] = tensor.data;
      // Copied back (about 700 KB): piscina moves only a single transferable result, and the copy is cheap.
      return { ok: true, result };
    } catch (error) {
      return { ok: false, error: { name: error.name, message: error.message } };
    }
  };
}

module.exports = load();
