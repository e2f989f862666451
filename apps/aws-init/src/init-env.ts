import { DEFAULT_RESULTS_RETENTION_DAYS, DEFAULT_UPLOADS_RETENTION_DAYS } from '@app/infrastructure';

/** The settings only `npm run aws:init` reads: bucket CORS and lifecycle. */
export interface InitEnv {
  corsAllowedOrigins: string[];
  uploadsRetentionDays: number;
  resultsRetentionDays: number;
}

/**
 * Reads CORS_ALLOWED_ORIGINS (default `*`), UPLOADS_RETENTION_DAYS and RESULTS_RETENTION_DAYS (the CDK stack's
 * defaults) and reports every problem at once. `jobsResultTtlDays` is JOBS_RESULT_TTL_DAYS, already validated: a job
 * item must not outlive its results/ file, as the CDK stack also requires.
 */
export function readInitEnv(env: NodeJS.ProcessEnv, jobsResultTtlDays?: number): InitEnv {
  const problems: string[] = [];
  const days = (name: string, fallback: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (Number.isInteger(value) && value >= 1 && value <= 3650) return value;
    problems.push(`${name} must be a whole number of days from 1 to 3650, got "${raw}"`);
    return fallback;
  };
  const result: InitEnv = {
    corsAllowedOrigins: (env.CORS_ALLOWED_ORIGINS ?? '*')
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    uploadsRetentionDays: days('UPLOADS_RETENTION_DAYS', DEFAULT_UPLOADS_RETENTION_DAYS),
    resultsRetentionDays: days('RESULTS_RETENTION_DAYS', DEFAULT_RESULTS_RETENTION_DAYS),
  };
  if (result.corsAllowedOrigins.length === 0) problems.push('CORS_ALLOWED_ORIGINS must name at least one origin');
  if (jobsResultTtlDays !== undefined && jobsResultTtlDays > result.resultsRetentionDays) {
    problems.push(
      `JOBS_RESULT_TTL_DAYS (${jobsResultTtlDays}) must not exceed RESULTS_RETENTION_DAYS (${result.resultsRetentionDays}): a job would point at a deleted results file`,
    );
  }
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  return result;
}
