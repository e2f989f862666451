// Manifests only: no onnxruntime, no sharp. The API (and its Lambda bundle) import this entry, never '@app/detection'.
export {
  MODEL_FAMILIES,
  type ModelFamily,
  type ModelInput,
  type ModelLabel,
  type ModelManifest,
  ModelManifestError,
  parseManifest,
} from './model-manifest';
export {
  compareVersions,
  ModelRegistry,
  type ModelRegistryOptions,
  type RegisteredModel,
  UnknownModelError,
} from './model-registry';
