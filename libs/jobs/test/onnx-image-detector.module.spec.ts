import { Global, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelIntegrityError, ModelRegistry } from '@app/detection';
import { FIXTURES, REPO_ROOT, tempDataDir } from '../../../test/support/test-env';
import { OnnxImageDetectorModule } from '../src/adapters/onnx/onnx-image-detector.module';
import { IMAGE_DETECTOR, ImageDetector, ModelUnavailableError } from '../src/ports/image-detector.port';

const SSDLITE = join(REPO_ROOT, 'models/ssdlite/1');
const chelsea = () => readFileSync(join(FIXTURES, 'chelsea.png'));

/** A models folder holding SSDLite's manifest with `changes` under <name>/1, and `onnx` as its file. */
function modelsFolder(root: string, name: string, onnx: Buffer | string, changes: Record<string, unknown> = {}) {
  const folder = join(root, name, '1');
  mkdirSync(folder, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(SSDLITE, 'model.json'), 'utf8'));
  writeFileSync(join(folder, 'model.json'), JSON.stringify({ ...manifest, name, ...changes }));
  writeFileSync(join(folder, manifest.file), onnx);
}

/** The module as the worker imports it, beside a registry as JobsModule provides it (globally). */
async function start(shippedDir: string, defaultModel: string) {
  const registry = await ModelRegistry.open({ shippedDir, defaultModel });
  @Global()
  @Module({ providers: [{ provide: ModelRegistry, useValue: registry }], exports: [ModelRegistry] })
  class RegistryModule {}
  return Test.createTestingModule({
    imports: [RegistryModule, OnnxImageDetectorModule.forRoot({ poolSize: 1 })],
  }).compile();
}

describe('OnnxImageDetectorModule: the registry behind the ImageDetector port', () => {
  const dir = tempDataDir('model-checksum');
  afterAll(() => dir.remove());

  it('when the default model passes its check, then images are detected and carry its name and version', async () => {
    const root = join(dir.dir, 'ok');
    modelsFolder(root, 'ssdlite', readFileSync(join(SSDLITE, 'ssdlite-mobilenet-v2-coco.onnx')));
    const app = await start(root, 'ssdlite');
    try {
      const found = await app.get<ImageDetector>(IMAGE_DETECTOR).detect(chelsea());
      expect(found.detections.map((d) => d.label)).toContain('cat');
      expect(found.model).toEqual({ name: 'ssdlite', version: '1' });
    } finally {
      await app.close();
    }
  });

  it('when the default model file does not match its manifest, then start-up stops with ModelIntegrityError', async () => {
    const root = join(dir.dir, 'tampered');
    modelsFolder(root, 'mine', 'a model of my own');
    const failure = await start(root, 'mine').catch((error: Error) => error);
    expect(failure).toBeInstanceOf(ModelIntegrityError);
    expect((failure as Error).message).toContain('90e7feae74a69d2c0bad00161b1f4675d0c453efe9bf532de969354b9fece6f7');
  });

  it('when the manifest opts out of the checksum, then the file is not held to any hash (it is loaded as it is)', async () => {
    const root = join(dir.dir, 'skip');
    modelsFolder(root, 'mine', 'a model of my own', { sha256: undefined, skipChecksum: true });
    const failure = await start(root, 'mine').catch((error: Error) => error);
    // Not refused for its hash: ONNX Runtime itself then refuses these bytes as a model.
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ModelIntegrityError);
  });

  it('when a job names a model that fails its check or is gone, then its images fail with ModelUnavailableError', async () => {
    const root = join(dir.dir, 'per-job');
    modelsFolder(root, 'ssdlite', readFileSync(join(SSDLITE, 'ssdlite-mobilenet-v2-coco.onnx')));
    modelsFolder(root, 'tampered', 'not the model');
    const app = await start(root, 'ssdlite');
    try {
      const detector = app.get<ImageDetector>(IMAGE_DETECTOR);
      const options = { minConfidence: 0.5, iouThreshold: 0.5, maxDetections: 10 };
      for (const model of ['tampered@1', 'removed@1'])
        await expect(detector.detect(chelsea(), { options: { ...options, model } })).rejects.toBeInstanceOf(
          ModelUnavailableError,
        );
      copyFileSync(join(SSDLITE, 'model.json'), join(root, 'ssdlite', '1', 'model.json')); // untouched: still works
      expect((await detector.detect(chelsea(), { options: { ...options, model: 'ssdlite@1' } })).model.name).toBe(
        'ssdlite',
      );
    } finally {
      await app.close();
    }
  });
});
