/** The jobs table's shape, shared by the store, `npm run aws:init` and (by value) deploy/lib/constructs/jobs-table.ts. */
export const JOBS_TABLE_KEY = 'jobId';
export const USER_INDEX_NAME = 'userId-createdAt-index';
export const USER_INDEX_KEYS = { partition: 'userId', sort: 'createdAt' } as const;
/** Epoch seconds after which DynamoDB may delete the item; set only when JOBS_RESULT_TTL_DAYS is. */
export const TTL_ATTRIBUTE = 'expiresAt';
/**
 * The sparse index of PENDING jobs the requeue sweep queries: `pending` (always "PENDING") and `pendingSince` exist
 * only while a job is PENDING (every transition removes them), so the index holds waiting jobs and nothing else.
 */
export const PENDING_INDEX_NAME = 'pending-pendingSince-index';
export const PENDING_INDEX_KEYS = { partition: 'pending', sort: 'pendingSince' } as const;
