/**
 * The DynamoDB jobs table: one item per job, listed per user newest first through the userId index. Read by the
 * DynamoDB job store, `npm run aws:init` and the CDK construct, so the three cannot drift apart.
 */
export const JOBS_TABLE = {
  partitionKey: 'jobId',
  userIndex: { name: 'userId-createdAt-index', partitionKey: 'userId', sortKey: 'createdAt', projection: 'ALL' },
  /** Epoch seconds after which DynamoDB may delete the item; the store sets it only when JOBS_RESULT_TTL_DAYS is. */
  ttlAttribute: 'expiresAt',
  /** Every key attribute is a string. */
  keyAttributeType: 'S',
  billingMode: 'PAY_PER_REQUEST',
} as const;

/** The table name the CDK stack gives the jobs table (`<namePrefix>-jobs`). */
export const jobsTableName = (namePrefix: string): string => `${namePrefix}-jobs`;
