import { expect } from 'vitest';
import { ConfigValidationError, loadConfig } from '../../src/load-config';

/** Problems reported for this environment (fails the test when the environment is accepted). */
export function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigValidationError);
    return (error as ConfigValidationError).problems;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}
