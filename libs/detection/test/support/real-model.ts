import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { ObjectDetector } from '../../src';

export const REPO_ROOT = join(__dirname, '../../../..');
export const MODEL_PATH = join(REPO_ROOT, 'models/ssdlite-mobilenet-v2-coco.onnx');

/** The bytes of one of the photos in test/fixtures. */
export const fixture = (name: string): Buffer => readFileSync(join(REPO_ROOT, 'test/fixtures', name));

/** One detector on the real model for the enclosing describe block: started before its tests, closed after. */
export function useDetector(poolSize: number): () => ObjectDetector {
  let detector: ObjectDetector;
  beforeAll(async () => {
    detector = await ObjectDetector.create({ modelPath: MODEL_PATH, poolSize });
  });
  afterAll(() => detector.close());
  return () => detector;
}
