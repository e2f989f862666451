'use strict';
// Piscina worker module: holds ONNX sessions, one per model, loaded on a model's first task in this thread and kept
// while they fit in this thread's share of the model memory budget (least recently used out). Plain CommonJS on
// purpose: it runs unchanged from the TypeScript sources (vitest) and from dist/. Protocol (see inference-pool.ts
// and object-detector.ts): in {model: {key, path, inputName, inputShape, costBytes}, input: Float32Array} or the
// warm-up ping {warmUp: true, model?}, or {inspect: true} (the sessions held, least recently used first); out {ok: true, result: {<outputName>: Float32Array}} or {ok: false, error}.
const { workerData } = require('node:worker_threads');
const ort = require('onnxruntime-node');

const { intraOpThreads, budgetBytes } = workerData;
/** key -> {session: Promise<InferenceSession>, costBytes}; Map order is use order, least recent first. */
const sessions = new Map();

function sessionFor(model) {
  const held = sessions.get(model.key);
  if (held) {
    sessions.delete(model.key); // re-inserted below: now the most recent
    sessions.set(model.key, held);
    return held.session;
  }
  evictFor(model.costBytes);
  const session = ort.InferenceSession.create(model.path, {
    // The pool gives each core its own thread; more threads per session would oversubscribe the CPU.
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    logSeverityLevel: 3, // exported graphs warn about unused initialisers on every load
  });
  const entry = { session, costBytes: model.costBytes };
  sessions.set(model.key, entry);
  session.catch(() => sessions.get(model.key) === entry && sessions.delete(model.key)); // a failed load is retried
  return session;
}

/** Releases the least recently used sessions until `costBytes` more fit (the thread runs one task at a time). */
function evictFor(costBytes) {
  let held = 0;
  for (const entry of sessions.values()) held += entry.costBytes;
  for (const [key, entry] of sessions) {
    if (held + costBytes <= budgetBytes) break;
    sessions.delete(key);
    held -= entry.costBytes;
    entry.session.then((s) => s.release()).catch(() => undefined);
  }
}

async function infer(task) {
  try {
    if (task.inspect) return { ok: true, result: { sessions: [...sessions.keys()] } };
    if (task.warmUp) {
      if (task.model) await sessionFor(task.model);
      return { ok: true, result: {} };
    }
    const session = await sessionFor(task.model);
    const outputs = await session.run({
      [task.model.inputName]: new ort.Tensor('float32', task.input, task.model.inputShape),
    });
    const result = {};
    for (const [name, tensor] of Object.entries(outputs)) result[name] = tensor.data;
    // Copied back (under a megabyte): piscina moves only a single transferable result, and the copy is cheap.
    return { ok: true, result };
  } catch (error) {
    return { ok: false, error: { name: error.name, message: error.message } };
  }
}

// A promise of the handler, as piscina accepts: test workers wrap it (fixtures/stuck-inference-worker.js).
module.exports = Promise.resolve(infer);
