import { startSqsServer } from '@app/sqs-server';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

describe('one server per data directory', () => {
  let t: TestServer;
  afterAll(() => t.stop());

  it('when a second server opens a data directory in use, then it refuses to start with a clear message', async () => {
    t = await startTestServer();
    await expect(startSqsServer({ port: 0, dataDir: t.dataDir })).rejects.toThrow(
      /queue\.sqlite is in use by another queue server/,
    );
    const url = await t.createQueue('still-served');
    expect(url).toContain('/still-served');
  });
});
