import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { GetBucketCorsCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsServer, SqsServer } from '@app/sqs-server';
import { MOTO_CREDENTIALS, MOTO_REGION, MotoServer, startMoto, useMotoCredentials } from '../../../test/support/moto';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { createJobsTable } from '@app/jobs';
import { initAwsResources } from '../src/init-aws-resources';

const client = { region: MOTO_REGION, credentials: MOTO_CREDENTIALS };

describe('npm run aws:init against moto', () => {
  let moto: MotoServer;
  const lines: string[] = [];
  const config = () =>
    testConfig({
      S3_BUCKET: 'init-bucket',
      S3_FORCE_PATH_STYLE: 'true',
      JOBS_TABLE_NAME: 'init-jobs',
      SQS_QUEUE_URL: `${moto.endpoint}/123456789012/init-jobs-queue`,
      MAX_RECEIVE_COUNT: 4,
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: 90,
      AWS_ENDPOINT_URL: moto.endpoint,
      CORS_ALLOWED_ORIGINS: 'http://localhost:5173',
    });

  beforeAll(async () => {
    useMotoCredentials();
    moto = await startMoto();
  });
  afterAll(() => moto?.close());

  it('when run twice, then the second run succeeds too and reports what already exists', async () => {
    const options = { log: (line: string) => lines.push(line) };
    expect(await initAwsResources(config(), options)).toBe(3);
    expect(await initAwsResources(config(), options)).toBe(3);
    expect(lines.filter((line) => line.startsWith('bucket init-bucket: '))).toEqual([
      expect.stringContaining('created'),
      expect.stringContaining('exists'),
    ]);
    expect(lines.filter((line) => line.startsWith('table init-jobs: '))).toEqual([
      expect.stringContaining('created'),
      expect.stringContaining('exists'),
    ]);
    expect(lines.some((line) => line.startsWith('note:'))).toBe(false);
  });

  it('when it has run, then the bucket allows browser PUT and POST from the given origin', async () => {
    const s3 = new S3Client({ ...client, endpoint: moto.endpoint, forcePathStyle: true });
    const { CORSRules } = await s3.send(new GetBucketCorsCommand({ Bucket: 'init-bucket' }));
    expect(CORSRules).toEqual([
      expect.objectContaining({ AllowedMethods: ['PUT', 'POST'], AllowedOrigins: ['http://localhost:5173'] }),
    ]);
    s3.destroy();
  });

  it('when it has run, then the table has the jobId key, the tenantUser-createdAt index (users within a tenant) and TTL on expiresAt', async () => {
    const dynamodb = new DynamoDBClient({ ...client, endpoint: moto.endpoint });
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'init-jobs' }));
    expect(Table?.KeySchema).toEqual([{ AttributeName: 'jobId', KeyType: 'HASH' }]);
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'tenantUser-createdAt-index',
      KeySchema: [
        { AttributeName: 'tenantUser', KeyType: 'HASH' },
        { AttributeName: 'createdAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(Table?.GlobalSecondaryIndexes?.[1]).toMatchObject({
      IndexName: 'pending-pendingSince-index',
      KeySchema: [
        { AttributeName: 'pending', KeyType: 'HASH' },
        { AttributeName: 'pendingSince', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' },
    });
    const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: 'init-jobs' }));
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });
    dynamodb.destroy();
  });

  it('when the table predates the pending index, then it is added and the table is kept', async () => {
    const dynamodb = new DynamoDBClient({ ...client, endpoint: moto.endpoint });
    await dynamodb.send(
      new CreateTableCommand({
        TableName: 'old-jobs',
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'jobId', AttributeType: 'S' },
          { AttributeName: 'tenantUser', AttributeType: 'S' },
          { AttributeName: 'createdAt', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'tenantUser-createdAt-index',
            KeySchema: [
              { AttributeName: 'tenantUser', KeyType: 'HASH' },
              { AttributeName: 'createdAt', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
    expect(await createJobsTable(dynamodb, 'old-jobs')).toBe('exists');
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: 'old-jobs' }));
    expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual([
      'pending-pendingSince-index',
      'tenantUser-createdAt-index',
    ]);
    dynamodb.destroy();
  });

  it('when it has run, then the queue redrives to <name>-dlq after MAX_RECEIVE_COUNT receives', async () => {
    const sqs = new SQSClient({ ...client, endpoint: moto.endpoint });
    const attributes = await queueAttributes(sqs, 'init-jobs-queue');
    const dlqArn = (await queueAttributes(sqs, 'init-jobs-queue-dlq')).QueueArn;
    expect(JSON.parse(attributes.RedrivePolicy!)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 4 });
    expect(attributes.VisibilityTimeout).toBe('90');
    sqs.destroy();
  });

  it('when it has run, then the queue and its DLQ keep messages 14 days, so no job expires while workers are down for days', async () => {
    const sqs = new SQSClient({ ...client, endpoint: moto.endpoint });
    expect((await queueAttributes(sqs, 'init-jobs-queue')).MessageRetentionPeriod).toBe('1209600');
    expect((await queueAttributes(sqs, 'init-jobs-queue-dlq')).MessageRetentionPeriod).toBe('1209600');
    sqs.destroy();
  });
  it('when it has run, then the webhooks queue <name>-webhooks redrives to its own DLQ after 5 receives, with 60 s of visibility', async () => {
    const sqs = new SQSClient({ ...client, endpoint: moto.endpoint });
    const attributes = await queueAttributes(sqs, 'init-jobs-queue-webhooks');
    const dlqArn = (await queueAttributes(sqs, 'init-jobs-queue-webhooks-dlq')).QueueArn;
    expect(JSON.parse(attributes.RedrivePolicy!)).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: 5 });
    expect(attributes.VisibilityTimeout).toBe('60');
    expect(attributes.MessageRetentionPeriod).toBe('1209600');
    sqs.destroy();
  });
});

describe("npm run aws:init against the project's own queue server", () => {
  let server: SqsServer;
  const data = tempDataDir('aws-init-queue');

  beforeAll(async () => {
    useMotoCredentials();
    server = await startSqsServer({ dataDir: data.dir, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    data.remove();
  });

  it('when only SQS_QUEUE_URL is set, then only the queue and its DLQ are created, twice without error', async () => {
    const config = testConfig({
      SQS_QUEUE_URL: `${server.endpoint}/000000000000/own-jobs`,
      AWS_ENDPOINT_URL_SQS: server.endpoint,
      MAX_RECEIVE_COUNT: 2,
    });
    const lines: string[] = [];
    const options = { log: (line: string) => lines.push(line) };
    expect(await initAwsResources(config, options)).toBe(1);
    expect(await initAwsResources(config, options)).toBe(1);
    const sqs = new SQSClient({ ...client, endpoint: server.endpoint });
    const redrive = JSON.parse((await queueAttributes(sqs, 'own-jobs')).RedrivePolicy!);
    expect(redrive).toEqual({
      deadLetterTargetArn: (await queueAttributes(sqs, 'own-jobs-dlq')).QueueArn,
      maxReceiveCount: 2,
    });
    expect(lines.some((line) => line.startsWith('note:'))).toBe(false);
    sqs.destroy();
  });
});

async function queueAttributes(sqs: SQSClient, name: string): Promise<Record<string, string>> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  return Attributes ?? {};
}
