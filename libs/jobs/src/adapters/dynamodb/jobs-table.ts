/** The jobs table's shape, shared by the store, `npm run aws:init` and (by value) deploy/lib/constructs/jobs-table.ts. */
export const JOBS_TABLE_KEY = 'jobId';
export const USER_INDEX_NAME = 'userId-createdAt-index';
export const USER_INDEX_KEYS = { partition: 'userId', sort: 'createdAt' } as const;
/** Epoch seconds after which DynamoDB may delete the item; set only when JOBS_RESULT_TTL_DAYS is. */
export const TTL_ATTRIBUTE = 'expiresAt';
