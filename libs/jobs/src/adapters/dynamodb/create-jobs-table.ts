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
import { JOBS_TABLE } from '@app/infrastructure';

const { partitionKey, userIndex, pendingIndex, ttlAttribute, keyAttributeType } = JOBS_TABLE;

/**
 * The jobs table of @app/infrastructure's JOBS_TABLE (the shape deploy/ reads too): hash key jobId, on-demand
 * billing, the tenantUser + createdAt index projecting everything (one user's jobs within one tenant), and TTL on
 * expiresAt. Idempotent: an existing table is checked, not recreated.
 */
export async function createJobsTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const outcome = await createTable(dynamodb, tableName);
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  const indexes = new Set(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName));
  if (!indexes.has(userIndex.name)) {
    throw new Error(
      `table ${tableName} exists without the ${userIndex.name} index; GET /jobs?userId= needs it (delete the table or add the index: partition key ${userIndex.partitionKey}, sort key ${userIndex.sortKey}, projection ${userIndex.projection})`,
    );
  }
  // Tables from before the requeue sweep get its index added (DynamoDB backfills it from the items that carry
  // its keys: jobs written by this version while PENDING).
  if (!indexes.has(pendingIndex.name)) await addPendingIndex(dynamodb, tableName);
  await enableTtl(dynamodb, tableName);
  return outcome;
}

async function createTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: JOBS_TABLE.billingMode,
        AttributeDefinitions: [
          partitionKey,
          userIndex.partitionKey,
          userIndex.sortKey,
          pendingIndex.partitionKey,
          pendingIndex.sortKey,
        ].map((name) => ({ AttributeName: name, AttributeType: keyAttributeType })),
        KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: userIndex.name,
            KeySchema: [
              { AttributeName: userIndex.partitionKey, KeyType: 'HASH' },
              { AttributeName: userIndex.sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: userIndex.projection },
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
  IndexName: pendingIndex.name,
  KeySchema: [
    { AttributeName: pendingIndex.partitionKey, KeyType: 'HASH' },
    { AttributeName: pendingIndex.sortKey, KeyType: 'RANGE' },
  ],
  Projection: { ProjectionType: pendingIndex.projection },
};

async function addPendingIndex(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  await dynamodb.send(
    new UpdateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: pendingIndex.partitionKey, AttributeType: keyAttributeType },
        { AttributeName: pendingIndex.sortKey, AttributeType: keyAttributeType },
      ],
      GlobalSecondaryIndexUpdates: [{ Create: PENDING_INDEX }],
    }),
  );
}

async function enableTtl(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription: ttl } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  if (
    ttl?.AttributeName === ttlAttribute &&
    (ttl.TimeToLiveStatus === 'ENABLED' || ttl.TimeToLiveStatus === 'ENABLING')
  )
    return;
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
    }),
  );
}
