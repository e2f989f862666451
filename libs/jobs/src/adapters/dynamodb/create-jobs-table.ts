import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { JOBS_TABLE_KEY, TTL_ATTRIBUTE, USER_INDEX_KEYS, USER_INDEX_NAME } from './jobs-table';

/**
 * The jobs table as deploy/ creates it: hash key jobId, on-demand billing, the tenantUser + createdAt index
 * projecting everything (one user's jobs within one tenant), and TTL on expiresAt. Idempotent: an existing table is checked, not recreated.
 */
export async function createJobsTable(dynamodb: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  const outcome = await createTable(dynamodb, tableName);
  await waitUntilTableExists({ client: dynamodb, maxWaitTime: 60, minDelay: 1, maxDelay: 2 }, { TableName: tableName });
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  if (!Table?.GlobalSecondaryIndexes?.some((index) => index.IndexName === USER_INDEX_NAME)) {
    throw new Error(
      `table ${tableName} exists without the ${USER_INDEX_NAME} index; GET /jobs?userId= needs it (delete the table or add the index: partition key ${USER_INDEX_KEYS.partition}, sort key ${USER_INDEX_KEYS.sort}, projection ALL)`,
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
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: JOBS_TABLE_KEY, AttributeType: 'S' },
          { AttributeName: USER_INDEX_KEYS.partition, AttributeType: 'S' },
          { AttributeName: USER_INDEX_KEYS.sort, AttributeType: 'S' },
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
