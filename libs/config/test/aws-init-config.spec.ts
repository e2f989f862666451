import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/load-config';
import { problemsOf } from './support/problems-of';

const S3 = { S3_BUCKET: 'uploads-bucket' };

describe('the bucket settings aws:init reads (CORS_ALLOWED_ORIGINS, UPLOAD_RETENTION_DAYS, RESULTS_RETENTION_DAYS)', () => {
  it("when nothing is set, then CORS allows any origin and the lifecycle keeps the CDK stack's defaults", () => {
    const { storage } = loadConfig(S3);
    expect(storage).toMatchObject({ corsAllowedOrigins: ['*'], uploadRetentionDays: 7, resultsRetentionDays: 30 });
  });

  it('when set, then origins are split on commas and the retention days are taken', () => {
    const { storage } = loadConfig({
      ...S3,
      CORS_ALLOWED_ORIGINS: ' https://a.example , http://b:8080 ',
      UPLOAD_RETENTION_DAYS: '2',
      RESULTS_RETENTION_DAYS: '5',
    });
    expect(storage).toMatchObject({
      corsAllowedOrigins: ['https://a.example', 'http://b:8080'],
      uploadRetentionDays: 2,
      resultsRetentionDays: 5,
    });
  });

  it('when values are bad, then one error names every variable and its rule', () => {
    const problems = problemsOf({
      ...S3,
      UPLOAD_RETENTION_DAYS: '0',
      RESULTS_RETENTION_DAYS: '1.5',
      CORS_ALLOWED_ORIGINS: ' , ',
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('RESULTS_RETENTION_DAYS'),
        'CORS_ALLOWED_ORIGINS must name at least one origin',
        expect.stringContaining('UPLOAD_RETENTION_DAYS must be at least 1 with S3_BUCKET'),
      ]),
    );
  });

  it('when JOBS_RESULT_TTL_DAYS outlives the results/ retention, then it is refused, as the CDK stack refuses it', () => {
    const table = { ...S3, JOBS_TABLE_NAME: 'jobs', RESULTS_RETENTION_DAYS: '10' };
    expect(problemsOf({ ...table, JOBS_RESULT_TTL_DAYS: '11' })).toContain(
      'JOBS_RESULT_TTL_DAYS (11) must not exceed RESULTS_RETENTION_DAYS (10): a job would point at a deleted results file',
    );
    expect(loadConfig({ ...table, JOBS_RESULT_TTL_DAYS: '10' }).jobs.resultTtlDays).toBe(10);
  });
});
