export const JOB_RETENTION = Symbol('JobRetention');

/**
 * A job store that forgets finished jobs when asked: SQLite, self-hosted. On AWS, DynamoDB's TTL
 * (JOBS_RESULT_TTL_DAYS) does this instead, so there the token is bound to null.
 */
export interface JobRetention {
  /** Deletes COMPLETED and FAILED jobs last changed before `before`; returns how many. */
  deleteFinishedBefore(before: Date): Promise<number>;
}
