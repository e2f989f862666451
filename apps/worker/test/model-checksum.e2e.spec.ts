import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempDataDir } from '../../../test/support/test-env';

const WORKER = join(REPO_ROOT, 'dist/apps/worker/src/main.js');

describe('the built worker with a model that is not the shipped one', () => {
  const data = tempDataDir('worker-model');
  afterAll(() => data.remove());

  it('when MODEL_SHA256 is not set, then start-up stops before consuming, saying how to accept the model', () => {
    const model = join(data.dir, 'my-model.onnx');
    writeFileSync(model, 'a model of my own');
    const result = spawnSync(process.execPath, [WORKER], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: data.dir,
        MODEL_PATH: model,
        // An SQS queue nobody serves: the worker must stop at the model check, before it polls anything.
        SQS_QUEUE_URL: 'http://127.0.0.1:9/000000000000/never-polled',
        AWS_ACCESS_KEY_ID: 'unused',
        AWS_SECRET_ACCESS_KEY: 'unused',
        WORKER_HEALTH_PORT: '0',
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/model .*my-model\.onnx has sha256 [0-9a-f]{64}, expected [0-9a-f]{64}/);
    expect(result.stderr).toContain('set MODEL_SHA256 to its sha256 (or MODEL_SHA256=skip');
  });
});
