import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelIntegrityError, ModelRegistry, ObjectDetector, sha256OfFile } from '../src';
import { addModel, emptyModelsDir, shippedManifest } from './support/model-folders';
import { fixture, MODELS_DIR, REPO_ROOT } from './support/real-model';

const SHIPPED = ['ssdlite', 'picodet-s-416', 'picodet-s-320', 'yolox-nano'];

describe('shipped model integrity', () => {
  it.each(SHIPPED)(
    'when hashing the shipped %s, then it matches its manifest and models/PROVENANCE.md',
    async (model) => {
      const manifest = shippedManifest(model);
      const sha256 = await sha256OfFile(join(MODELS_DIR, model, '1', manifest.file as string));
      expect(sha256).toBe(manifest.sha256);
      expect(readFileSync(join(REPO_ROOT, 'models/PROVENANCE.md'), 'utf8')).toContain(sha256);
    },
  );
});

describe('checksums before sessions', () => {
  it('when the default model file differs from its manifest sha256, then create() refuses it before starting threads', async () => {
    const dir = emptyModelsDir();
    addModel(dir, 'ssdlite', { name: 'tampered', version: '1' }, 'not the model');
    const registry = await ModelRegistry.open({ shippedDir: dir, defaultModel: 'tampered' });
    await expect(ObjectDetector.create({ registry, poolSize: 1 })).rejects.toBeInstanceOf(ModelIntegrityError);
  });

  it('when another model fails its check, then that model refuses every image and the default one still works', async () => {
    const dir = emptyModelsDir();
    addModel(dir, 'ssdlite', { name: 'good', version: '1' });
    // The real PicoDet file under YOLOX's manifest and hash: a mismatch.
    addModel(
      dir,
      'yolox-nano',
      { name: 'swapped', version: '1' },
      readFileSync(join(MODELS_DIR, 'picodet-s-320/1/picodet-s-320-coco.onnx')),
    );
    const registry = await ModelRegistry.open({ shippedDir: dir, defaultModel: 'good' });
    const detector = await ObjectDetector.create({ registry, poolSize: 1 });
    try {
      for (let attempt = 0; attempt < 2; attempt++)
        await expect(detector.detect(fixture('chelsea.png'), { model: 'swapped' })).rejects.toBeInstanceOf(
          ModelIntegrityError,
        );
      expect((await detector.detect(fixture('chelsea.png'))).detections[0].label).toBe('cat');
    } finally {
      await detector.close();
    }
  });

  it('when a manifest opts out of the checksum, then its file is used unchecked', async () => {
    const dir = emptyModelsDir();
    addModel(dir, 'ssdlite', { name: 'mine', version: '1', sha256: undefined, skipChecksum: true });
    const registry = await ModelRegistry.open({ shippedDir: dir, defaultModel: 'mine' });
    const detector = await ObjectDetector.create({ registry, poolSize: 1 });
    try {
      expect((await detector.detect(fixture('chelsea.png'))).model).toEqual({ name: 'mine', version: '1' });
    } finally {
      await detector.close();
    }
  });
});
