import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config';
import { problemsOf } from './support/problems-of';

describe('the worker settings', () => {
  it('when nothing is set, then the health server binds 127.0.0.1 and sessions may hold 512 MiB', () => {
    expect(loadConfig({}).worker).toMatchObject({ host: '127.0.0.1', modelMemoryBytes: 512 * 2 ** 20 });
  });

  it('when HOST is set for the API, then the worker health server keeps its own WORKER_HOST', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).worker.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0', WORKER_HOST: '10.0.0.7' }).worker.host).toBe('10.0.0.7');
  });

  it('when models are configured, then the registry settings and request defaults follow', () => {
    const { models } = loadConfig({ DEFAULT_MODEL: 'yolox-nano@1', MIN_CONFIDENCE: '0.3', MAX_DETECTIONS: '20' });
    expect(models).toMatchObject({
      defaultModel: 'yolox-nano@1',
      defaults: { minConfidence: 0.3, iouThreshold: 0.5, maxDetections: 20 },
    });
  });

  it.each(['MODEL_PATH', 'MODEL_SHA256'])(
    'when %s (replaced by the registry) is set, then the configuration is refused with the way to migrate',
    (name) => {
      const problems = problemsOf({ [name]: 'models/ssdlite-mobilenet-v2-coco.onnx' });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`${name} is no longer read: models live in the registry.*DEFAULT_MODEL`));
    },
  );

  it.each([
    ['DEFAULT_MODEL', 'Not A Name'],
    ['MIN_CONFIDENCE', '0'],
    ['NMS_IOU_THRESHOLD', '0.99'],
    ['MAX_DETECTIONS', '301'],
    ['MODEL_MEMORY_BUDGET_MB', '1'],
    ['WORKER_HOST', 'not a host'],
  ])('when %s is %j, then the configuration is refused naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });
});
