import type { ModelRegistry } from './registry/model-registry';
import type { TilingSettings } from './tiling';

/** One detected object; bbox is [x1, y1, x2, y2] in integer pixels of the EXIF-oriented image. */
export interface Detection {
  label: string;
  /** The label's COCO category id (1..90, as in the COCO annotations); for a model without COCO ids, its index. */
  classId: number;
  confidence: number;
  bbox: [number, number, number, number];
}

/** Where the time of one detection went, in seconds: for the caller's metrics (this library keeps none). */
export interface DetectionTimings {
  /** Header check, decode and resize (sharp), including any wait for the decode budget. */
  decodeSeconds: number;
  /** ONNX inference in the pool, including any wait for a free thread. */
  inferenceSeconds: number;
}

/** Detections of one image; width and height are those after EXIF orientation. */
export interface ImageDetections {
  width: number;
  height: number;
  detections: Detection[];
  timings: DetectionTimings;
  /** The model version that produced the detections. */
  model: { name: string; version: string };
}

export interface DetectorOptions {
  /** Where the models are (manifests and ONNX files); its default model loads in every thread at start-up. */
  registry: ModelRegistry;
  /** Detections below this score are dropped, unless the request or the model's manifest says (default 0.5). */
  minConfidence?: number;
  /** Per-class NMS overlap above which the weaker box is dropped, unless the request or manifest says (default 0.5). */
  iouThreshold?: number;
  /** At most this many detections per image, unless the request or manifest says (default 100). */
  maxDetections?: number;
  /** Worker threads, one inference at a time each (default os.availableParallelism()). */
  poolSize?: number;
  /**
   * Bytes the ONNX sessions of this detector may hold, split evenly between its threads: each thread keeps the
   * sessions it has used while they fit in its share, least recently used out (default 512 MiB). A session counts
   * its manifest's memoryMB, or three times its file's size. A thread always keeps the one it is running.
   */
  modelMemoryBytes?: number;
  /** Images with more pixels are refused before decoding, against decompression bombs (default 100 MP). */
  maxInputPixels?: number;
  /**
   * Bytes all decodes of this detector may hold at once, each image counted by its header (width x height x
   * channels x bytes per sample, more for a progressive JPEG); an image that alone needs more is refused before
   * decoding (default 384 MiB: a 100 MP RGBA photo fits).
   */
  decodeBudgetBytes?: number;
  /** ONNX intra-op threads per session (default 1: the pool, not the session, spreads work over the cores). */
  intraOpThreads?: number;
  /** How a request with `tiling` is tiled (default DEFAULT_TILING: 25% overlap, at most 3 x 3 tiles; see tiling.ts). */
  tiling?: TilingSettings;
  /**
   * The piscina worker module that runs inference (default: the shipped ONNX one, src/inference-worker.js). Tests
   * swap in one that hangs, a stuck inference the real model cannot be made to produce.
   */
  inferenceScript?: string;
}

/** Per-image choices; each unset one falls back to the model's manifest, then to the detector's options. */
export interface DetectOptions {
  /** Abandons the detection: checked before decoding and before inference; a running inference is terminated. */
  signal?: AbortSignal;
  /** "name" (newest version) or "name@version"; default: the registry's default model. */
  model?: string;
  minConfidence?: number;
  iouThreshold?: number;
  maxDetections?: number;
  /** Label names to keep (the model's own names); undefined keeps all. */
  classes?: readonly string[];
  /**
   * Also run the model on overlapping tiles of the image at its input size (at most DetectorOptions.tiling's grid)
   * and merge their boxes with the whole image's: small objects are found more often, at up to 10 times the
   * inference. An image no larger than the model's input is not tiled. Default false.
   */
  tiling?: boolean;
}
