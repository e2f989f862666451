import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { JOBS_TABLE } from '@app/infrastructure';

const { partitionKey, userIndex, ttlAttribute, keyAttributeType } = JOBS_TABLE;

/**
 * The jobs table of @app/infrastructure's JOBS_TABLE (the shape deploy/ reads too): hash key jobId, on-demand
 * billing, the tenantUser + createdAt index projecting everything (one user's jobs within one tenant), and TTL on
 * expiresAt. Idempotent: an existing table is checked, not recreated.
 */
export async function createJobsTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const outcome = await createTable(dynamodb, tableName);
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.GlobalSecondaryIndexes?.some((index) => index.IndexName === userIndex.name)) {
    throw new Error(
      `table ${tableName} exists without the ${userIndex.name} index; GET /jobs?userId= needs it (delete the table or add the index: partition key ${userIndex.partitionKey}, sort key ${userIndex.sortKey}, projection ${userIndex.projection})`,
    );
  }
  await enableTtl(dynamodb, tableName);
  return outcome;
}

async function createTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: JOBS_TABLE.billingMode,
        AttributeDefinitions: [partitionKey, userIndex.partitionKey, userIndex.sortKey].map((name) => ({
          AttributeName: name,
          AttributeType: keyAttributeType,
        })),
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
        ],
      }),
    );
    return 'created';
  } catch (error) {
    if (error.name === 'ResourceInUseException') return 'exists';
    throw error;
  }
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
