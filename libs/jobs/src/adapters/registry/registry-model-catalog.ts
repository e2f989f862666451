import { AppError } from '@app/core';
import { ModelRegistry, type RegisteredModel, UnknownModelError } from '@app/detection/registry';
import { DetectionOptions, RequestedDetectionOptions } from '../../domain/job';
import { ModelsOptions } from '../../jobs.options';
import { ModelCatalog, ModelSummary } from '../../ports/model-catalog.port';

/**
 * The ModelCatalog port on the registry of manifests (models/ and MODELS_DIR): an open registry, or how to open one
 * on first use (called again after a failed open, so a fixed manifest is picked up without a restart).
 */
export class RegistryModelCatalog implements ModelCatalog {
  private readonly registry: () => Promise<ModelRegistry>;
  private readonly labelSets = new WeakMap<RegisteredModel, ReadonlySet<string>>();

  constructor(
    registry: ModelRegistry | (() => Promise<ModelRegistry>),
    private readonly defaults: ModelsOptions['defaults'],
  ) {
    this.registry = registry instanceof ModelRegistry ? () => Promise.resolve(registry) : openOnce(registry);
  }

  async resolve(requested: RequestedDetectionOptions): Promise<DetectionOptions> {
    const registry = await this.registry();
    let model: RegisteredModel;
    try {
      model = await registry.resolve(requested.model);
    } catch (error) {
      if (!(error instanceof UnknownModelError)) throw error;
      throw AppError.validation([{ field: 'model', rule: 'knownModel', message: error.message }]);
    }
    const labels = this.labelsOf(model);
    const unknown = (requested.classes ?? []).flatMap((label, index) =>
      labels.has(label)
        ? []
        : [
            {
              field: `classes[${index}]`,
              rule: 'knownLabel',
              message: `model ${model.ref} has no label "${label}"; GET /models lists its labels`,
            },
          ],
    );
    if (unknown.length > 0) throw AppError.validation(unknown);
    const manifest = model.manifest.defaults;
    return {
      model: model.ref,
      minConfidence: requested.minConfidence ?? manifest.minConfidence ?? this.defaults.minConfidence,
      iouThreshold: requested.iouThreshold ?? manifest.iouThreshold ?? this.defaults.iouThreshold,
      maxDetections: requested.maxDetections ?? manifest.maxDetections ?? this.defaults.maxDetections,
      ...(requested.classes && { classes: [...new Set(requested.classes)] }),
      // Stored only when on, so jobs without it read as before.
      ...(requested.tiling && { tiling: true }),
    };
  }

  /**
   * The names of a model's labels, built once per registered model (a rescan makes new RegisteredModel objects, so
   * a changed manifest gets a new set) rather than a Set of ~80 names on every submission.
   */
  private labelsOf(model: RegisteredModel): ReadonlySet<string> {
    let labels = this.labelSets.get(model);
    if (!labels) {
      labels = new Set(model.manifest.labels.flatMap((label) => (label ? [label.name] : [])));
      this.labelSets.set(model, labels);
    }
    return labels;
  }

  async list(): Promise<ModelSummary[]> {
    const registry = await this.registry();
    await registry.rescan().catch(() => undefined); // a listing shows what is there now; a broken scan, the last good one
    const defaultRef = (await registry.resolveDefault()).ref;
    const latest = new Set<string>();
    return registry.list().map(({ manifest, ref }) => {
      const isLatest = !latest.has(manifest.name);
      latest.add(manifest.name);
      return {
        name: manifest.name,
        version: manifest.version,
        ref,
        family: manifest.family,
        inputWidth: manifest.input.width,
        inputHeight: manifest.input.height,
        labels: manifest.labels.flatMap((label) => (label ? [label] : [])),
        licence: manifest.licence,
        isDefault: ref === defaultRef,
        isLatest,
      };
    });
  }
}

/** One open shared by every caller; a failed one is forgotten, so the next caller tries again. */
function openOnce(open: () => Promise<ModelRegistry>): () => Promise<ModelRegistry> {
  let opening: Promise<ModelRegistry> | undefined;
  return () =>
    (opening ??= open().catch((error: unknown) => {
      opening = undefined;
      throw error;
    }));
}
