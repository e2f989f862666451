import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelIntegrityError, SHIPPED_MODEL_SHA256, ObjectDetector, sha256OfFile } from '../src';
import { MODEL_PATH, REPO_ROOT } from './support/real-model';

describe('shipped model integrity', () => {
  it('when hashing the shipped model, then it matches the sha256 documented in models/PROVENANCE.md', async () => {
    expect(await sha256OfFile(MODEL_PATH)).toBe(SHIPPED_MODEL_SHA256);
    expect(readFileSync(join(REPO_ROOT, 'models/PROVENANCE.md'), 'utf8')).toContain(SHIPPED_MODEL_SHA256);
  });

  it('when the model file differs from expectedSha256, then create() refuses it before starting threads', async () => {
    const tampered = join(mkdtempSync(join(tmpdir(), 'model-')), 'model.onnx');
    writeFileSync(tampered, 'not the model');
    await expect(
      ObjectDetector.create({ modelPath: tampered, expectedSha256: SHIPPED_MODEL_SHA256 }),
    ).rejects.toBeInstanceOf(ModelIntegrityError);
  });
});
