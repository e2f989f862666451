import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareVersions, ModelManifestError, ModelRegistry, parseManifest, UnknownModelError } from '../src/registry';
import { addModel, emptyModelsDir, shippedManifest } from './support/model-folders';
import { MODELS_DIR } from './support/real-model';

const open = (shippedDir: string, extra: { userDir?: string; defaultModel?: string; rescanAfterMs?: number } = {}) =>
  ModelRegistry.open({ shippedDir, defaultModel: 'ssdlite', ...extra });

describe('ModelRegistry on the shipped models', () => {
  it('when opened, then it lists the four shipped models, version 1 each, from their manifests', async () => {
    const registry = await open(MODELS_DIR);
    expect(registry.list().map((m) => [m.ref, m.manifest.family, m.manifest.input.width])).toEqual([
      ['picodet-s-320@1', 'picodet', 320],
      ['picodet-s-416@1', 'picodet', 416],
      ['ssdlite@1', 'ssd-tf', 300],
      ['yolox-nano@1', 'yolox', 416],
    ]);
    expect((await registry.resolve(undefined)).ref).toBe('ssdlite@1');
  });

  it('when a COCO model is read, then its labels carry the COCO ids (SSD: 90 columns, 80 named)', async () => {
    const registry = await open(MODELS_DIR);
    const ssd = (await registry.resolve('ssdlite')).manifest.labels;
    expect(ssd).toHaveLength(90);
    expect(ssd.filter(Boolean)).toHaveLength(80);
    expect(ssd[16]).toEqual({ name: 'cat', cocoId: 17 });
    const yolox = (await registry.resolve('yolox-nano')).manifest.labels;
    expect(yolox).toHaveLength(80);
    expect(yolox[79]).toEqual({ name: 'toothbrush', cocoId: 90 });
  });

  it('when a model is unknown, then resolve throws UnknownModelError listing what there is', async () => {
    const registry = await open(MODELS_DIR);
    const error = await registry.resolve('nope').catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnknownModelError);
    expect((error as Error).message).toMatch(/unknown model "nope".*ssdlite@1/);
    await expect(registry.resolve('ssdlite@9')).rejects.toBeInstanceOf(UnknownModelError);
  });
});

describe('ModelRegistry versions and user models', () => {
  it('when a name has several versions, then "name" takes the newest and "name@version" pins one', async () => {
    const dir = emptyModelsDir();
    for (const version of ['1', '1.9', '1.10']) addModel(dir, 'ssdlite', { name: 'ssdlite', version }, 'x');
    const registry = await open(dir);
    expect((await registry.resolve('ssdlite')).ref).toBe('ssdlite@1.10');
    expect((await registry.resolve('ssdlite@1.9')).ref).toBe('ssdlite@1.9');
  });

  it('when a new version is dropped in after opening, then the next lookup of it (a miss) finds it', async () => {
    const dir = emptyModelsDir();
    addModel(dir, 'ssdlite', { name: 'ssdlite', version: '1' }, 'x');
    const registry = await open(dir, { rescanAfterMs: 60_000 });
    addModel(dir, 'ssdlite', { name: 'ssdlite', version: '2' }, 'x');
    expect((await registry.resolve('ssdlite@2')).ref).toBe('ssdlite@2');
    expect((await registry.resolve('ssdlite')).ref).toBe('ssdlite@2');
  });

  it('when the last scan is stale, then "name" picks up a newer version without a miss', async () => {
    const dir = emptyModelsDir();
    addModel(dir, 'ssdlite', { name: 'ssdlite', version: '1' }, 'x');
    const registry = await open(dir, { rescanAfterMs: 0 });
    addModel(dir, 'ssdlite', { name: 'ssdlite', version: '2' }, 'x');
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect((await registry.resolve('ssdlite')).ref).toBe('ssdlite@2');
  });

  it('when MODELS_DIR holds a model of its own, then it is listed beside the shipped ones', async () => {
    const user = emptyModelsDir();
    addModel(user, 'yolox-nano', { name: 'my-yolox', version: '3' }, 'x');
    const registry = await open(MODELS_DIR, { userDir: user });
    const mine = await registry.resolve('my-yolox');
    expect(mine).toMatchObject({
      ref: 'my-yolox@3',
      origin: 'user',
      filePath: join(user, 'my-yolox/3/yolox-nano-coco.onnx'),
    });
  });

  it('when MODELS_DIR holds a name that is also shipped, then opening fails naming both', async () => {
    const user = emptyModelsDir();
    addModel(user, 'ssdlite', { name: 'ssdlite', version: '2' }, 'x');
    await expect(open(MODELS_DIR, { userDir: user })).rejects.toThrow(/ssdlite.*already shipped/);
  });

  it('when the default model is not in the registry, then opening fails naming DEFAULT_MODEL', async () => {
    await expect(open(MODELS_DIR, { defaultModel: 'missing' })).rejects.toThrow(
      /DEFAULT_MODEL.*unknown model "missing"/,
    );
  });
});

describe('manifest validation', () => {
  const valid = () => shippedManifest('yolox-nano');
  const problem = (changes: Record<string, unknown>) => {
    try {
      parseManifest({ ...valid(), ...changes }, 'models/x/1/model.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ModelManifestError);
      return (error as Error).message;
    }
    return 'valid';
  };

  it('when a field is missing or wrong, then the error names the file and the field', () => {
    expect(problem({ family: 'rcnn' })).toMatch(/^models\/x\/1\/model\.json: "family" must be one of/);
    expect(problem({ labels: undefined })).toMatch(/"labels" is required/);
    expect(problem({ input: { ...(valid().input as object), layout: 'CHW' } })).toMatch(
      /"input.layout" must be one of/,
    );
    expect(problem({ sha256: 'abc' })).toMatch(/"sha256" must be 64 hex digits/);
    expect(problem({ version: '1@2' })).toMatch(/"version" must be/);
    expect(problem({ outputs: ['a', 'b'] })).toMatch(/"outputs" must name 1 tensor/);
    expect(problem({ strides: undefined })).toMatch(/"strides" is required for the yolox family/);
    expect(problem({ defaults: { maxDetections: 301 } })).toMatch(
      /"defaults.maxDetections" must be less than or equal to 300/,
    );
  });

  it('when neither sha256 nor skipChecksum is given, then the manifest is refused (no file unchecked by omission)', () => {
    expect(problem({ sha256: undefined })).toMatch(/give "sha256".*or "skipChecksum": true/);
    expect(problem({ sha256: undefined, skipChecksum: true })).toBe('valid');
  });

  it('when scale and offset are given, then they become mean and std per channel', () => {
    const ssd = parseManifest(shippedManifest('ssdlite'), 'ssdlite');
    expect(ssd.input.mean.map((m) => +m.toFixed(4))).toEqual([127.5, 127.5, 127.5]);
    expect(ssd.input.std.map((s) => +s.toFixed(4))).toEqual([127.5, 127.5, 127.5]);
  });

  it('when a folder holds a bad manifest, then opening the registry fails naming that file', async () => {
    const dir = emptyModelsDir();
    mkdirSync(join(dir, 'broken', '1'), { recursive: true });
    writeFileSync(join(dir, 'broken', '1', 'model.json'), '{ not json');
    await expect(open(dir)).rejects.toThrow(/broken\/1\/model\.json: not valid JSON/);
  });

  it('when a manifest names another model than its folder, then it is refused', async () => {
    const dir = emptyModelsDir();
    addModel(dir, 'ssdlite', { name: 'ssdlite', version: '1' }, 'x');
    const folder = join(dir, 'renamed', '1');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'model.json'), JSON.stringify(shippedManifest('ssdlite')));
    await expect(open(dir)).rejects.toThrow(/renamed\/1\/model\.json: "name" must be its folder's name "renamed"/);
  });
});

describe('compareVersions', () => {
  it('when parts are numbers, then they compare numerically; otherwise as text', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('2', '10')).toBe(-1);
    expect(compareVersions('2026-01', '2025-12')).toBe(1);
    expect(compareVersions('1', '1')).toBe(0);
  });
});
