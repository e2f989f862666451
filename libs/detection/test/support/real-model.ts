import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type DetectorOptions, ModelRegistry, ObjectDetector } from '../../src';

export const REPO_ROOT = join(__dirname, '../../../..');
export const MODELS_DIR = join(REPO_ROOT, 'models');
export const MODEL_PATH = join(MODELS_DIR, 'ssdlite/1/ssdlite-mobilenet-v2-coco.onnx');

/** The bytes of one of the photos in test/fixtures. */
export const fixture = (name: string): Buffer => readFileSync(join(REPO_ROOT, 'test/fixtures', name));

/** The shipped models, SSDLite the default (or another dir / default). */
export const shippedRegistry = (options: { shippedDir?: string; userDir?: string; defaultModel?: string } = {}) =>
  ModelRegistry.open({ shippedDir: MODELS_DIR, defaultModel: 'ssdlite', ...options });

/** A detector on the shipped registry. */
export async function createDetector(options: Omit<DetectorOptions, 'registry'> = {}): Promise<ObjectDetector> {
  return ObjectDetector.create({ registry: await shippedRegistry(), ...options });
}

/** One detector on the real models for the enclosing describe block: started before its tests, closed after. */
export function useDetector(poolSize: number): () => ObjectDetector {
  let detector: ObjectDetector;
  beforeAll(async () => {
    detector = await createDetector({ poolSize });
  });
  afterAll(() => detector.close());
  return () => detector;
}
