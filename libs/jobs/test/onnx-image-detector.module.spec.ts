import { Test } from '@nestjs/testing';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelIntegrityError, SHIPPED_MODEL_SHA256 } from '@app/detection';
import { FIXTURES, REPO_ROOT, tempDataDir } from '../../../test/support/test-env';
import {
  expectedModelSha256,
  OnnxImageDetectorModule,
  OnnxImageDetectorOptions,
} from '../src/adapters/onnx/onnx-image-detector.module';
import { IMAGE_DETECTOR, ImageDetector } from '../src/ports/image-detector.port';

const SHIPPED_MODEL = join(REPO_ROOT, 'models/ssdlite-mobilenet-v2-coco.onnx');

describe('OnnxImageDetectorModule: the model checksum at start-up', () => {
  const dir = tempDataDir('model-checksum');
  afterAll(() => dir.remove());
  const otherModel = join(dir.dir, 'my-model.onnx');
  writeFileSync(otherModel, 'a model of my own');

  const start = (options: OnnxImageDetectorOptions) =>
    Test.createTestingModule({ imports: [OnnxImageDetectorModule.forRoot({ poolSize: 1, ...options })] }).compile();

  it('when MODEL_SHA256 is unset, then the shipped hash is expected; "skip" expects none; a hash is taken as given', () => {
    expect(expectedModelSha256({})).toBe(SHIPPED_MODEL_SHA256);
    expect(expectedModelSha256({ modelSha256: 'skip' })).toBeUndefined();
    expect(expectedModelSha256({ modelSha256: 'ab'.repeat(32) })).toBe('ab'.repeat(32));
  });

  it('when the shipped model is configured, then it passes the check and detects the cat', async () => {
    const copy = join(dir.dir, 'shipped-copy.onnx');
    copyFileSync(SHIPPED_MODEL, copy);
    const app = await start({ modelPath: copy });
    try {
      const detections = await app
        .get<ImageDetector>(IMAGE_DETECTOR)
        .detect(readFileSync(join(FIXTURES, 'chelsea.png')));
      expect(detections.map((d) => d.label)).toContain('cat');
    } finally {
      await app.close();
    }
  });

  it('when the model file is not the shipped one and no hash is given, then start-up stops with ModelIntegrityError', async () => {
    const failure = await start({ modelPath: otherModel }).catch((error: Error) => error);
    expect(failure).toBeInstanceOf(ModelIntegrityError);
    expect((failure as Error).message).toContain(SHIPPED_MODEL_SHA256);
  });

  it('when the given hash does not match the file, then start-up stops with ModelIntegrityError', async () => {
    await expect(start({ modelPath: SHIPPED_MODEL, modelSha256: 'ab'.repeat(32) })).rejects.toBeInstanceOf(
      ModelIntegrityError,
    );
  });

  it('when MODEL_SHA256=skip, then a model of ones own is not held to any hash (it is loaded as it is)', async () => {
    const failure = await start({ modelPath: otherModel, modelSha256: 'skip' }).catch((error: Error) => error);
    // Not refused for its hash: ONNX Runtime itself then refuses these bytes as a model.
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(ModelIntegrityError);
  });
});
