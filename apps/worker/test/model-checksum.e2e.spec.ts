import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDataDir } from '../../../test/support/test-env';

const WORKER = join(REPO_ROOT, 'dist/apps/worker/src/main.js');

/** Runs the built worker until it stops (it must stop before polling: the queue below is served by nobody). */
function runWorker(dataDir: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [WORKER], {
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH,
      DATA_DIR: dataDir,
      SQS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/never-polled',
      AWS_ACCESS_KEY_ID: 'unused',
      AWS_SECRET_ACCESS_KEY: 'unused',
      WORKER_HEALTH_PORT: '0',
      LOG_LEVEL: 'silent',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('the built worker and its default model', () => {
  const data = tempDataDir('worker-model');
  afterAll(() => data.remove());

  it('when the default model file does not match its manifest sha256, then start-up stops before consuming, saying what to fix', () => {
    const folder = join(data.dir, 'models', 'mine', '1');
    mkdirSync(folder, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'models/ssdlite/1/model.json'), 'utf8'));
    writeFileSync(join(folder, 'model.json'), JSON.stringify({ ...manifest, name: 'mine', file: 'my-model.onnx' }));
    writeFileSync(join(folder, 'my-model.onnx'), 'a model of my own');
    const result = runWorker(data.dir, { MODELS_DIR: join(data.dir, 'models'), DEFAULT_MODEL: 'mine' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/model .*my-model\.onnx has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/);
    expect(result.stderr).toContain('"skipChecksum": true');
  });

  it('when MODEL_PATH is still set (before the registry), then start-up stops saying how to migrate', () => {
    const result = runWorker(data.dir, { MODEL_PATH: '/app/models/ssdlite-mobilenet-v2-coco.onnx' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('MODEL_PATH is no longer read: models live in the registry');
  });
});
