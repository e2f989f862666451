/** One detected object; bbox is [x1, y1, x2, y2] in integer pixels of the EXIF-oriented image. */
export interface Detection {
  label: string;
  /** The COCO category id of the label (1..90, as in the COCO annotations). */
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
}

export interface DetectorOptions {
  modelPath: string;
  /** Detections below this score are dropped (default 0.5). */
  minConfidence?: number;
  /** Per-class NMS overlap above which the weaker box is dropped (default 0.5). */
  iouThreshold?: number;
  /** Worker threads, one ONNX session each (default os.availableParallelism()). */
  poolSize?: number;
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
  /**
   * The piscina worker module that runs inference (default: the shipped ONNX one, src/inference-worker.js). Tests
   * swap in one that hangs, a stuck inference the real model cannot be made to produce.
   */
  inferenceScript?: string;
  /** When set, create() refuses a model file with another sha256 (e.g. SHIPPED_MODEL_SHA256). */
  expectedSha256?: string;
}

export interface DetectOptions {
  /** Abandons the detection: checked before decoding and before inference; a running inference is terminated. */
  signal?: AbortSignal;
}
