import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DecodeBudget } from './decode-budget';
import type { DetectOptions, DetectorOptions, ImageDetections } from './detection.types';
import { type ResolvedDetectorOptions, resolveDetectorOptions } from './detector-options';
import { InferencePool } from './inference-pool';
import { readImageHeader } from './image-header';
import { ModelIntegrityError, verifyModelSha256 } from './model-checksum';
import { postprocess } from './postprocess';
import { type PreparedImage, type PreparedTiles, prepareImage, prepareTiles } from './preprocess';
import type { ModelRegistry, RegisteredModel } from './registry/model-registry';
import { postprocessTiled } from './tiled-postprocess';

type InferenceResult = Record<string, Float32Array>;

/** What a thread needs to find, load and feed a model's session (see inference-worker.js). */
interface SessionSpec {
  key: string;
  path: string;
  inputName: string;
  inputShape: number[];
  costBytes: number;
}

/**
 * Detects objects with any model of a registry. Decoding and resizing run on sharp's own threads, inference in a
 * pool of worker threads that hold one ONNX session per model they have used (within a memory budget), so the
 * caller's event loop stays free. Each model file's sha256 is checked before its first session: the default
 * model's at create(), which then fails; another model's on first use, which then refuses every image.
 * Every decode first reads the image header and holds its cost against one decode budget per detector.
 */
export class ObjectDetector {
  readonly poolSize: number;
  /** Per model file: its check and the session spec, made once. */
  private readonly specs = new Map<string, Promise<SessionSpec>>();

  private constructor(
    private readonly registry: ModelRegistry,
    private readonly settings: ResolvedDetectorOptions,
    private readonly decodeBudget: DecodeBudget,
    private pool?: InferencePool<InferenceResult>,
  ) {}

  static async create(options: DetectorOptions): Promise<ObjectDetector> {
    const resolved = resolveDetectorOptions(options);
    const detector = new ObjectDetector(options.registry, resolved, new DecodeBudget(resolved.decodeBudgetBytes));
    const defaultSpec = await detector.specOf(await options.registry.resolveDefault());
    detector.pool = await InferencePool.start<InferenceResult>({
      scriptPath: resolved.inferenceScript ?? join(__dirname, 'inference-worker.js'),
      size: resolved.poolSize,
      workerData: {
        intraOpThreads: resolved.intraOpThreads,
        budgetBytes: Math.floor(resolved.modelMemoryBytes / resolved.poolSize),
      },
      // Every thread loads the default model before the detector is ready: a model that cannot load stops start-up.
      warmUp: { warmUp: true, model: defaultSpec },
    });
    (detector as { poolSize: number }).poolSize = detector.pool.size;
    return detector;
  }

  /**
   * Throws UnknownModelError for a model the registry lacks, ModelIntegrityError for a model file that fails its
   * check, ImageDecodeError when the bytes are not an image of an accepted format, exceed maxInputPixels or the
   * decode budget, or do not decode. Once `signal` aborts, rejects with its reason: an image waiting for the decode
   * budget or for a thread is dropped, and a running inference's thread is terminated and replaced.
   */
  async detect(image: Buffer, options: DetectOptions = {}): Promise<ImageDetections> {
    const { signal } = options;
    signal?.throwIfAborted();
    const model = await this.registry.resolve(options.model);
    const spec = await this.specOf(model);
    const started = performance.now();
    const { maxInputPixels, tiling } = this.settings;
    const { input } = model.manifest;
    const header = await readImageHeader(image, maxInputPixels);
    // The whole image and its tiles are decoded within one share of the budget (the header's cost covers the
    // larger of the two decodes; they run one after the other).
    const prepared = await this.decodeBudget.run(
      header,
      async (): Promise<PreparedTiles | { whole: PreparedImage; tiles: [] }> =>
        options.tiling
          ? prepareTiles(image, input, maxInputPixels, tiling)
          : { whole: await prepareImage(image, input, maxInputPixels), tiles: [] },
      signal,
    );
    signal?.throwIfAborted();
    const decoded = performance.now();
    // Every pass of a tiled image is queued at once, so the pool's threads share them.
    const [whole, ...tiles] = await Promise.all(
      [prepared.whole, ...prepared.tiles].map(({ tensor }) =>
        this.pool!.run({ model: spec, input: tensor }, { transferList: [tensor.buffer as ArrayBuffer], signal }),
      ),
    );
    const { defaults } = model.manifest;
    const thresholds = {
      minConfidence: options.minConfidence ?? defaults.minConfidence ?? this.settings.minConfidence,
      iouThreshold: options.iouThreshold ?? defaults.iouThreshold ?? this.settings.iouThreshold,
      maxDetections: options.maxDetections ?? defaults.maxDetections ?? this.settings.maxDetections,
      classes: options.classes,
    };
    const { geometry } = prepared.whole;
    const detections =
      'plan' in prepared && tiles.length > 0
        ? postprocessTiled(whole, tiles, model.manifest, prepared, thresholds, tiling)
        : postprocess(whole, model.manifest, geometry, thresholds);
    const timings = {
      decodeSeconds: (decoded - started) / 1000,
      inferenceSeconds: (performance.now() - decoded) / 1000,
    };
    const { name, version } = model.manifest;
    return { width: geometry.width, height: geometry.height, detections, timings, model: { name, version } };
  }

  /**
   * The models whose sessions one thread holds, least recently used first ("name@version:path"), for diagnostics and
   * tests; which thread answers is the pool's choice, so this is exact with one thread only.
   */
  async heldSessions(): Promise<string[]> {
    const reply = (await this.pool!.run({ inspect: true })) as unknown as { sessions: string[] };
    return reply.sessions.map((key) => key.slice(0, key.indexOf(':')));
  }

  /** Waits for running inferences, rejects queued ones, and stops the threads. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  /** The model's session spec, once its file passed its check (a failed check is remembered: it refuses again). */
  private specOf(model: RegisteredModel): Promise<SessionSpec> {
    const key = `${model.ref}:${model.filePath}`;
    let spec = this.specs.get(key);
    if (!spec) {
      spec = (async () => {
        const { manifest, filePath } = model;
        if (!manifest.skipChecksum) await verifyModelSha256(filePath, manifest.sha256!);
        const { size } = await stat(filePath);
        const { width, height, layout, name } = manifest.input;
        return {
          key,
          path: filePath,
          inputName: name,
          inputShape: layout === 'NCHW' ? [1, 3, height, width] : [1, height, width, 3],
          costBytes: manifest.memoryBytes ?? size * 3,
        };
      })();
      this.specs.set(key, spec);
      // A file not there yet (or unreadable) is looked at again next time; a file that failed its check is not.
      spec.catch((error) => !(error instanceof ModelIntegrityError) && this.specs.delete(key));
    }
    return spec;
  }
}
