/**
 * The DynamoDB jobs table: one item per job, listed per tenant and user newest first through the tenantUser index.
 * Read by the DynamoDB job store, `npm run aws:init` and the CDK construct, so the three cannot drift apart.
 */
export const JOBS_TABLE = {
  partitionKey: 'jobId',
  /**
   * Lists one user's jobs within one tenant: the partition is `tenantUser` (`<tenant>#<user>`, libs/jobs
   * tenantUserKey), so a query can never reach another tenant's jobs, even for a user id both tenants use.
   */
  userIndex: {
    name: 'tenantUser-createdAt-index',
    partitionKey: 'tenantUser',
    sortKey: 'createdAt',
    projection: 'ALL',
  },
  /**
   * The sparse index of PENDING jobs that the requeue sweep queries: `pending` (always "PENDING") and `pendingSince`
   * exist only while a job is PENDING (every transition removes them), so it holds waiting jobs and nothing else.
   */
  pendingIndex: {
    name: 'pending-pendingSince-index',
    partitionKey: 'pending',
    sortKey: 'pendingSince',
    projection: 'KEYS_ONLY',
  },
  /** Epoch seconds after which DynamoDB may delete the item; the store sets it only when JOBS_RESULT_TTL_DAYS is. */
  ttlAttribute: 'expiresAt',
  /** Every key attribute is a string. */
  keyAttributeType: 'S',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/** The table name the CDK stack gives the jobs table (`<namePrefix>-jobs`). */
export const jobsTableName = (namePrefix: string): string => `${namePrefix}-jobs`;

/**
 * The index of the release before tenants, which the code no longer reads. Only the CDK stack keeps it, for one
 * deploy: CloudFormation adds or removes one index per update, so an existing stack gains the tenant index first and
 * loses this one in the next deploy (remove it then). `npm run aws:init` makes new tables and never creates it.
 */
export const LEGACY_USER_INDEX = {
  name: 'userId-createdAt-index',
  partitionKey: 'userId',
  sortKey: 'createdAt',
  projection: 'ALL',
} as const;
