import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config';
import { problemsOf } from './support/problems-of';

describe('the worker settings', () => {
  it('when nothing is set, then the health server binds 127.0.0.1 and the shipped model hash is expected', () => {
    expect(loadConfig({}).worker).toMatchObject({ host: '127.0.0.1', modelSha256: undefined });
  });

  it('when HOST is set for the API, then the worker health server keeps its own WORKER_HOST', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).worker.host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0', WORKER_HOST: '10.0.0.7' }).worker.host).toBe('10.0.0.7');
  });

  it('when MODEL_SHA256 is a hash or "skip", then it is kept (a hash in lower case)', () => {
    expect(loadConfig({ MODEL_SHA256: 'AB'.repeat(32) }).worker.modelSha256).toBe('ab'.repeat(32));
    expect(loadConfig({ MODEL_SHA256: 'skip' }).worker.modelSha256).toBe('skip');
  });

  it.each([
    ['MODEL_SHA256', 'abc'],
    ['MODEL_SHA256', 'no'],
    ['WORKER_HOST', 'not a host'],
  ])('when %s is %j, then the configuration is refused naming it', (name, value) => {
    const problems = problemsOf({ [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(name);
  });
});
