import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GlobalSecondaryIndex,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import {
  JOBS_TABLE_KEY,
  PENDING_INDEX_KEYS,
  PENDING_INDEX_NAME,
  TTL_ATTRIBUTE,
  USER_INDEX_KEYS,
  USER_INDEX_NAME,
} from './jobs-table';

/**
 * The jobs table as deploy/ creates it: hash key jobId, on-demand billing, the tenantUser + createdAt index
 * projecting everything (one user's jobs within one tenant), and TTL on expiresAt. Idempotent: an existing table is checked, not recreated.
 */
export async function createJobsTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const outcome = await createTable(dynamodb, tableName);
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const indexes = new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName));
  if (!indexes.has(USER_INDEX_NAME)) {
    throw new Error(
      `table ${tableName} exists without the ${USER_INDEX_NAME} index; GET /jobs?userId= needs it (delete the table or add the index: partition key ${USER_INDEX_KEYS.partition}, sort key ${USER_INDEX_KEYS.sort}, projection ALL)`,
    );
  }
  // Tables from before the requeue sweep get its index added (DynamoDB backfills it from the items that carry
  // its keys: jobs written by this version while PENDING).
  if (!indexes.has(PENDING_INDEX_NAME)) await addPendingIndex(dynamodb, tableName);
  await enableTtl(dynamodb, tableName);
  return outcome;
}

async function createTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: JOBS_TABLE_KEY, AttributeType: 'S' },
          { AttributeName: USER_INDEX_KEYS.partition, AttributeType: 'S' },
          { AttributeName: USER_INDEX_KEYS.sort, AttributeType: 'S' },
          { AttributeName: PENDING_INDEX_KEYS.partition, AttributeType: 'S' },
          { AttributeName: PENDING_INDEX_KEYS.sort, AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: JOBS_TABLE_KEY, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: USER_INDEX_NAME,
            KeySchema: [
              { AttributeName: USER_INDEX_KEYS.partition, KeyType: 'HASH' },
              { AttributeName: USER_INDEX_KEYS.sort, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
          PENDING_INDEX,
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (error.name === 'ResourceInUseException') return 'exists';
    throw error;
  }
}

/** Sparse: only PENDING jobs carry its keys, so the requeue sweep reads waiting jobs and nothing else. */
const PENDING_INDEX: GlobalSecondaryIndex = {
  IndexName: PENDING_INDEX_NAME,
  KeySchema: [
    { AttributeName: PENDING_INDEX_KEYS.partition, KeyType: 'HASH' },
    { AttributeName: PENDING_INDEX_KEYS.sort, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: 'KEYS_ONLY' },
};

async function addPendingIndex(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  await dynamodb.send(
    new UpdateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: PENDING_INDEX_KEYS.partition, AttributeType: 'S' },
        { AttributeName: PENDING_INDEX_KEYS.sort, AttributeType: 'S' },
      ],
      GlobalSecondaryIndexUpdates: [{ Create: PENDING_INDEX }],
    }),
  );
}

async function enableTtl(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (
    ttl?.AttributeName === TTL_ATTRIBUTE &&
    (ttl.TimeToLiveStatus === 'ENABLED' || ttl.TimeToLiveStatus === 'ENABLING')
  )
    return;
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
}
