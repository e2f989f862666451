import { AppError } from '@app/core';
import { ModelRegistry, type RegisteredModel, UnknownModelError } from '@app/detection/registry';
import { DetectionOptions, RequestedDetectionOptions } from '../../domain/job';
import { ModelsOptions } from '../../jobs.options';
import { ModelCatalog, ModelSummary } from '../../ports/model-catalog.port';

/** The ModelCatalog port on the registry of manifests (models/ and MODELS_DIR). */
export class RegistryModelCatalog implements ModelCatalog {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly defaults: ModelsOptions['defaults'],
  ) {}

  async resolve(requested: RequestedDetectionOptions): Promise<DetectionOptions> {
    let model: RegisteredModel;
    try {
      model = await this.registry.resolve(requested.model);
    } catch (error) {
      if (!(error instanceof UnknownModelError)) throw error;
      throw AppError.validation([{ field: 'model', rule: 'knownModel', message: error.message }]);
    }
    const labels = new Set(model.manifest.labels.flatMap((label) => (label ? [label.name] : [])));
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

  async list(): Promise<ModelSummary[]> {
    await this.registry.rescan().catch(() => undefined); // a listing shows what is there now; a broken scan, the last good one
    const defaultRef = (await this.registry.resolveDefault()).ref;
    const latest = new Set<string>();
    return this.registry.list().map(({ manifest, ref }) => {
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
