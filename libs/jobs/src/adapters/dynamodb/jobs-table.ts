/**
 * The index partition of a tenant's user: `<tenant>#<user>`, the tenant URI-encoded so that its own characters
 * can never contain the separator. Two different (tenant, user) pairs never share a partition. The table's shape,
 * this index included, is @app/infrastructure's JOBS_TABLE.
 */
export function tenantUserKey(tenantId: string, userId: string): string {
  return `${encodeURIComponent(tenantId)}#${userId}`;
}
