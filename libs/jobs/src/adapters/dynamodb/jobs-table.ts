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
 * The index partition of a tenant's user: `<tenant>#<user>`, the tenant URI-encoded so that its own characters
 * can never contain the separator. Two different (tenant, user) pairs never share a partition.
 */
export function tenantUserKey(tenantId: string, userId: string): string {
  return `${encodeURIComponent(tenantId)}#${userId}`;
}
