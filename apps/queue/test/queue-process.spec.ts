import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { exited, QUEUE_MAIN, startQueueProcess } from '../../../libs/sqs-server/test/support/queue-process';
import { tempDataDir } from '../../../test/support/test-env';

describe('npm run queue (the built apps/queue entry point)', () => {
  it('when QUEUE_PORT is not a port, then start-up stops with a clear message and exit code 2', () => {
    const result = spawnSync(process.execPath, [QUEUE_MAIN], {
      env: { ...process.env, QUEUE_PORT: 'nine' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Invalid queue configuration:\n {2}- "QUEUE_PORT" must be a number/);
  });

  it('when it receives SIGTERM, then it answers health until then, closes and exits 0', async () => {
    const data = tempDataDir('queue-app');
    const { child, endpoint } = await startQueueProcess(data.dir);
    expect((await fetch(`${endpoint}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
    data.remove();
  });
});
