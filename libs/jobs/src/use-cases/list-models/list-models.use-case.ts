import { Inject, Injectable } from '@nestjs/common';
import { MODEL_CATALOG, ModelCatalog, ModelSummary } from '../../ports/model-catalog.port';

/** Every model version a job may name, newest first per name. */
@Injectable()
export class ListModelsUseCase {
  constructor(@Inject(MODEL_CATALOG) private readonly catalog: ModelCatalog) {}

  execute(): Promise<ModelSummary[]> {
    return this.catalog.list();
  }
}
