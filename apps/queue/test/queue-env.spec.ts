import { describe, expect, it } from 'vitest';
import { readQueueEnv } from '../src/queue-env';

describe('queue environment', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    expect(readQueueEnv({})).toEqual({
      port: 9324,
      host: '127.0.0.1',
      dataDir: './data',
      accountId: '000000000000',
      region: 'us-east-1',
      baseUrl: undefined,
      sync: 'normal',
      logLevel: 'info',
    });
  });

  it('when values are set, then they are used', () => {
    const env = readQueueEnv({
      QUEUE_PORT: '0',
      QUEUE_HOST: '0.0.0.0',
      DATA_DIR: '/tmp/q',
      QUEUE_ACCOUNT_ID: '123456789012',
      AWS_REGION: 'eu-west-1',
      QUEUE_SYNC: 'full',
    });
    expect(env).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/q',
      accountId: '123456789012',
      region: 'eu-west-1',
      sync: 'full',
    });
  });

  it('when QUEUE_PORT, the account id or the sync mode are bad, then the error names each of them', () => {
    expect(() => readQueueEnv({ QUEUE_PORT: 'abc', QUEUE_ACCOUNT_ID: '42', QUEUE_SYNC: 'sometimes' })).toThrow(
      /QUEUE_PORT.*must be a number.*QUEUE_ACCOUNT_ID must be 12 digits.*QUEUE_SYNC/,
    );
    expect(() => readQueueEnv({ QUEUE_PORT: '70000' })).toThrow(/QUEUE_PORT/);
  });
});
