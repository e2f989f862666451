import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadQueueServerConfig } from '../src/load-config';

describe('the queue server configuration (its slice of the one schema)', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    expect(loadQueueServerConfig({})).toEqual({
      port: 9324,
      host: '127.0.0.1',
      dataDir: resolve('./data'),
      accountId: '000000000000',
      region: 'us-east-1',
      baseUrl: undefined,
      sync: 'normal',
      logLevel: 'info',
      accessKeyId: undefined,
      secretAccessKey: undefined,
    });
  });

  it('when only one of the queue access key pair is set, then start-up stops naming both', () => {
    expect(() => loadQueueServerConfig({ QUEUE_ACCESS_KEY_ID: 'queue-key' })).toThrow(
      /QUEUE_ACCESS_KEY_ID.*QUEUE_SECRET_ACCESS_KEY/,
    );
    expect(loadQueueServerConfig({ QUEUE_ACCESS_KEY_ID: 'k', QUEUE_SECRET_ACCESS_KEY: 's' })).toMatchObject({
      accessKeyId: 'k',
      secretAccessKey: 's',
    });
  });

  it('when values are set, then they are used', () => {
    const env = loadQueueServerConfig({
      QUEUE_PORT: '0',
      QUEUE_HOST: '0.0.0.0',
      DATA_DIR: '/tmp/q',
      QUEUE_ACCOUNT_ID: '123456789012',
      AWS_REGION: 'eu-west-1',
      QUEUE_BASE_URL: 'https://queue.example.com',
      QUEUE_SYNC: 'full',
      LOG_LEVEL: 'warn',
    });
    expect(env).toEqual({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/q',
      accountId: '123456789012',
      region: 'eu-west-1',
      baseUrl: 'https://queue.example.com',
      sync: 'full',
      logLevel: 'warn',
      accessKeyId: undefined,
      secretAccessKey: undefined,
    });
  });

  it('when QUEUE_PORT, the account id or the sync mode are bad, then the error names each of them', () => {
    expect(() => loadQueueServerConfig({ QUEUE_PORT: 'abc', QUEUE_ACCOUNT_ID: '42', QUEUE_SYNC: 'sometimes' })).toThrow(
      /^Invalid queue configuration:\n {2}- "QUEUE_PORT" must be a number\n {2}- QUEUE_ACCOUNT_ID must be 12 digits\n {2}- "QUEUE_SYNC"/,
    );
    expect(() => loadQueueServerConfig({ QUEUE_PORT: '70000' })).toThrow(/QUEUE_PORT/);
    expect(() => loadQueueServerConfig({ AWS_REGION: 'mars' })).toThrow(/AWS_REGION must look like us-east-1/);
  });

  it('when variables only the API or the worker read are bad, then the queue server still starts', () => {
    expect(loadQueueServerConfig({ PORT: 'eighty', MIN_CONFIDENCE: '2', QUEUE_PORT: '9400' }).port).toBe(9400);
  });

  it('when the API and the worker load the whole configuration, then the queue server variables follow the same rules', () => {
    expect(() => loadConfig({ QUEUE_SYNC: 'sometimes', QUEUE_ACCOUNT_ID: '42' })).toThrow(
      /QUEUE_ACCOUNT_ID must be 12 digits\n {2}- "QUEUE_SYNC"/,
    );
  });
});
