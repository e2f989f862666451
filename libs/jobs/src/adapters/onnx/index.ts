// A separate entry point from @app/jobs: only the worker loads ONNX Runtime; the API (and its Lambda bundle) never do.
export { ModelIntegrityError } from '@app/detection';
export * from './onnx-image-detector';
export * from './onnx-image-detector.module';
