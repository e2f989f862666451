import { describe, expect, it } from 'vitest';
import { readInitEnv } from '../src/init-env';

describe('aws:init settings (CORS_ALLOWED_ORIGINS, UPLOADS_RETENTION_DAYS, RESULTS_RETENTION_DAYS)', () => {
  it("when nothing is set, then CORS allows any origin and the lifecycle keeps the CDK stack's defaults", () => {
    expect(readInitEnv({})).toEqual({ corsAllowedOrigins: ['*'], uploadsRetentionDays: 7, resultsRetentionDays: 30 });
  });

  it('when set, then origins are split on commas and the retention days are taken', () => {
    const env = { CORS_ALLOWED_ORIGINS: ' https://a.example , http://b:8080 ', UPLOADS_RETENTION_DAYS: '2' };
    expect(readInitEnv({ ...env, RESULTS_RETENTION_DAYS: '5' })).toEqual({
      corsAllowedOrigins: ['https://a.example', 'http://b:8080'],
      uploadsRetentionDays: 2,
      resultsRetentionDays: 5,
    });
  });

  it('when values are bad, then one error names every variable and its rule', () => {
    expect(() =>
      readInitEnv({ UPLOADS_RETENTION_DAYS: '0', RESULTS_RETENTION_DAYS: '1.5', CORS_ALLOWED_ORIGINS: ' , ' }),
    ).toThrow(
      /UPLOADS_RETENTION_DAYS must be a whole number of days from 1 to 3650, got "0"[\s\S]*RESULTS_RETENTION_DAYS must be a whole number[\s\S]*CORS_ALLOWED_ORIGINS must name at least one origin/,
    );
  });

  it('when JOBS_RESULT_TTL_DAYS outlives the results/ retention, then it is refused, as the CDK stack refuses it', () => {
    expect(() => readInitEnv({ RESULTS_RETENTION_DAYS: '10' }, 11)).toThrow(
      'JOBS_RESULT_TTL_DAYS (11) must not exceed RESULTS_RETENTION_DAYS (10)',
    );
    expect(readInitEnv({ RESULTS_RETENTION_DAYS: '10' }, 10).resultsRetentionDays).toBe(10);
  });
});
