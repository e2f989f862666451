/** The jobs table's shape, shared by the store, `npm run aws:init` and (by value) deploy/lib/constructs/jobs-table.ts. */
export const JOBS_TABLE_KEY = 'jobId';
/**
 * Lists one user's jobs within one tenant: its partition key is `tenantUser` (see tenantUserKey), so a query can
 * never reach another tenant's jobs, even for a user id both tenants use.
 */
export const USER_INDEX_NAME = 'tenantUser-createdAt-index';
export const USER_INDEX_KEYS = { partition: 'tenantUser', sort: 'createdAt' } as const;
/** Epoch seconds after which DynamoDB may delete the item; set only when JOBS_RESULT_TTL_DAYS is. */
export const TTL_ATTRIBUTE = 'expiresAt';
/**
 * The sparse index of PENDING jobs the requeue sweep queries: `pending` (always "PENDING") and `pendingSince` exist
 * only while a job is PENDING (every transition removes them), so the index holds waiting jobs and nothing else.
 */
export const PENDING_INDEX_NAME = 'pending-pendingSince-index';
export const PENDING_INDEX_KEYS = { partition: 'pending', sort: 'pendingSince' } as const;

/**
 * The index partition of a tenant's user: `<tenant>#<user>`, the tenant URI-encoded so that its own characters
 * can never contain the separator. Two different (tenant, user) pairs never share a partition.
 */
export function tenantUserKey(tenantId: string, userId: string): string {
  return `${encodeURIComponent(tenantId)}#${userId}`;
}
