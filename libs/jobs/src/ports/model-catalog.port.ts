import { DetectionOptions, RequestedDetectionOptions } from '../domain/job';

export const MODEL_CATALOG = Symbol('ModelCatalog');

/** A model version as GET /models lists it. */
export interface ModelSummary {
  name: string;
  version: string;
  /** "name@version". */
  ref: string;
  family: string;
  inputWidth: number;
  inputHeight: number;
  /** The model's labels, in its class order (a column it never trained is left out). */
  labels: { name: string; cocoId?: number }[];
  licence: string;
  /** The version a request without `model` gets. */
  isDefault: boolean;
  /** Whether it is the version `model: "name"` resolves to. */
  isLatest: boolean;
}

/**
 * The models jobs may name, read from their manifests only (no inference): the API validates requests and lists
 * models with it, the worker never needs it. Both the self-hosted and the AWS API read the same registry layout.
 */
export interface ModelCatalog {
  /**
   * The request's options checked against the registry and completed: the model as name@version (the newest
   * version when none is pinned), the thresholds from the request, else the manifest, else the configuration.
   * Throws AppError validation naming `model` or `classes[i]` for what the registry does not know.
   */
  resolve(requested: RequestedDetectionOptions): Promise<DetectionOptions>;
  list(): Promise<ModelSummary[]>;
}
