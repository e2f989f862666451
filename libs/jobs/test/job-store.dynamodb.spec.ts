import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppConfig, jobsOptionsOf, storageOptionsOf } from '@app/config';
import {
  MOTO_CREDENTIALS,
  MOTO_REGION,
  MotoServer,
  startFlakyProxy,
  startMoto,
  useMotoCredentials,
} from '../../../test/support/moto';
import { tempDataDir, testConfig } from '../../../test/support/test-env';
import { createObjectStorage } from '../../storage/src/storage.module';
import { createJobsTable } from '../src/adapters/dynamodb/create-jobs-table';
import { DynamoDbJobStore } from '../src/adapters/dynamodb/dynamodb-job-store';
import { newJob } from '../src/domain/job';
import { JobStatus } from '../src/domain/job-status';
import { createJobStore } from '../src/jobs.module';
import { describeJobStoreContract } from './job-store.contract';
import { realJobQueue } from './support/real-job-queue';

const TABLE = 'jobs-contract';
const BUCKET = 'jobs-contract-bucket';
let moto: MotoServer;
let dynamodb: DynamoDBClient;
let s3: S3Client;
const data = tempDataDir('dynamodb-store');

beforeAll(async () => {
  useMotoCredentials();
  // Serialized: DynamoDB's per-item atomicity of conditional writes, which the race tests below rely on.
  moto = await startMoto(undefined, { serialized: true });
  dynamodb = new DynamoDBClient({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  s3 = new S3Client({
    region: MOTO_REGION,
    endpoint: moto.endpoint,
    forcePathStyle: true,
    credentials: MOTO_CREDENTIALS,
  });
  await createJobsTable(dynamodb, TABLE);
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  dynamodb?.destroy();
  s3?.destroy();
  await moto?.close();
  data.remove();
});

function dynamoConfig(env: Record<string, string> = {}): AppConfig {
  return testConfig({
    DATA_DIR: data.dir,
    JOBS_TABLE_NAME: TABLE,
    S3_BUCKET: BUCKET,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ENDPOINT_URL: moto.endpoint,
    ...env,
  });
}

describeJobStoreContract('DynamoDB on moto', async () => {
  const config = dynamoConfig();
  const storage = createObjectStorage(storageOptionsOf(config));
  const store = createJobStore(jobsOptionsOf(config).store, storage) as DynamoDbJobStore;
  const sqs = new SQSClient({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });
  return {
    store,
    storage,
    config,
    ...(await realJobQueue(sqs, 'store-contract')),
    close: async () => {
      store.close();
      sqs.destroy();
    },
  };
});

describe('DynamoDbJobStore specifics', () => {
  it('when results are too large for an item, then they live under results/<jobId>/, the item points at them, and a late worker writes no second file', async () => {
    const config = dynamoConfig();
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const job = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'] }, new Date());
    await store.create(job);
    await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true });
    const detections = Array.from({ length: 6000 }, (_, i) => ({
      label: `thing-${i}-${'y'.repeat(50)}`,
      classId: 1,
      confidence: 0.9,
      bbox: [0, 0, 1, 1] as [number, number, number, number],
      bboxNormalized: [0, 0, 1, 1] as [number, number, number, number],
    }));
    const results = [
      {
        imageUrl: job.imageUrls[0],
        imageIndex: 0,
        status: 'done' as const,
        detections,
        detectionCount: detections.length,
      },
    ];
    await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: new Date(), results });
    // A late worker with its own large results: refused, and no second file is written.
    expect(await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: new Date(), results })).toBeNull();

    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { jobId: { S: job.jobId } } }));
    expect(Item?.results).toBeUndefined();
    expect(Item?.resultsKey?.S).toMatch(new RegExp(`^results/${job.jobId}/[0-9a-f-]+\\.json$`));
    const { Contents = [] } = await s3.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `results/${job.jobId}/` }),
    );
    expect(Contents.map((object) => object.Key)).toEqual([Item?.resultsKey?.S]);
  });

  it('when JOBS_RESULT_TTL_DAYS is set, then every write sets expiresAt that many days after it', async () => {
    const config = dynamoConfig({ JOBS_RESULT_TTL_DAYS: '7' });
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const job = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'] }, new Date('2026-11-28T12:00:00Z'));
    await store.create(job);
    const expiresAt = async () =>
      Number(
        (await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { jobId: { S: job.jobId } } }))).Item
          ?.expiresAt?.N,
      );
    expect(await expiresAt()).toBe(Date.parse('2026-12-05T12:00:00Z') / 1000);
    await store.transition(job.jobId, { to: JobStatus.FAILED, at: new Date('2026-11-29T00:00:00Z'), error: 'x' });
    expect(await expiresAt()).toBe(Date.parse('2026-12-06T00:00:00Z') / 1000);
  });

  it('when a job is past its TTL but DynamoDB has not deleted it yet, then get returns null and listings skip it', async () => {
    const config = dynamoConfig({ JOBS_RESULT_TTL_DAYS: '1' });
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const userId = `ttl-${randomUUID()}`;
    const expired = newJob(
      { jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'], userId },
      new Date('2020-01-01T00:00:00Z'),
    );
    const fresh = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'], userId }, new Date());
    await store.create(expired);
    await store.create(fresh);
    expect(await store.get(expired.jobId)).toBeNull();
    expect(
      (await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { jobId: { S: expired.jobId } } }))).Item,
    ).toBeDefined();
    expect(
      (await store.listByUser({ tenantId: 'default', userId }, { limit: 10 })).items.map((job) => job.jobId),
    ).toEqual([fresh.jobId]);
  });

  it('when an item was written before tenants existed, then get reads it as a job of the default tenant', async () => {
    const config = dynamoConfig();
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const jobId = randomUUID();
    await dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: {
          jobId: { S: jobId },
          status: { S: 'PENDING' },
          imageUrls: { L: [{ S: 's3://b/uploads/a.png' }] },
          imageCount: { N: '1' },
          userId: { S: 'legacy-user' },
          createdAt: { S: '2026-01-01T00:00:00.000Z' },
          updatedAt: { S: '2026-01-01T00:00:00.000Z' },
          attempts: { N: '0' },
        },
      }),
    );
    expect(await store.get(jobId)).toMatchObject({ jobId, tenantId: 'default', userId: 'legacy-user' });
  });

  it('when a job of a user is stored, then its item carries the tenant and the index partition <tenant>#<user>', async () => {
    const config = dynamoConfig();
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const job = newJob(
      { jobId: randomUUID(), tenantId: 'acme', imageUrls: ['s3://b/uploads/a.png'], userId: 'u1' },
      new Date(),
    );
    await store.create(job);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { jobId: { S: job.jobId } } }));
    expect(Item?.tenantId?.S).toBe('acme');
    expect(Item?.tenantUser?.S).toBe('acme#u1');
  });

  it('when no TTL is configured, then items carry no expiresAt', async () => {
    const config = dynamoConfig();
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const job = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'] }, new Date());
    await store.create(job);
    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { jobId: { S: job.jobId } } }));
    expect(Item).toBeDefined();
    expect(Item?.expiresAt).toBeUndefined();
  });

  it('when DynamoDB throttles, then the store retries with backoff and the call succeeds', async () => {
    const throttled = {
      status: 400,
      contentType: 'application/x-amz-json-1.0',
      body: JSON.stringify({
        __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException',
        message: 'Rate of requests exceeds the allowed throughput.',
      }),
    };
    // Three refusals in a row: more than the SDK's default of 3 attempts would survive.
    const proxy = await startFlakyProxy(moto.endpoint, 3, throttled);
    try {
      const config = dynamoConfig({ AWS_ENDPOINT_URL_DYNAMODB: proxy.endpoint });
      const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
      const job = newJob({ jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'] }, new Date());
      await store.create(job);
      expect(await store.get(job.jobId)).toEqual(job);
      expect(proxy.requests).toBe(5);
    } finally {
      await proxy.close();
    }
  });

  it('when the table does not exist, then ping rejects', async () => {
    const config = dynamoConfig({ JOBS_TABLE_NAME: 'no-such-table' });
    await expect(
      createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config))).ping(),
    ).rejects.toThrow(/ResourceNotFound|not found|does not exist/i);
  });
});

describe('DynamoDbJobStore when an item would overflow', () => {
  it('when results fit the threshold but the item with its metadata would pass 400 KB, then they are offloaded all the same', async () => {
    const config = dynamoConfig();
    const store = createJobStore(jobsOptionsOf(config).store, createObjectStorage(storageOptionsOf(config)));
    const job = newJob(
      { jobId: randomUUID(), imageUrls: ['s3://b/uploads/a.png'], metadata: { note: 'm'.repeat(250 * 1024) } },
      new Date(),
    );
    await store.create(job);
    expect(
      await store.transition(job.jobId, { to: JobStatus.PROCESSING, at: new Date(), countAttempt: true }),
    ).not.toBeNull();
    const detections = Array.from({ length: 2000 }, (_, i) => ({
      label: `thing-${i}-${'z'.repeat(50)}`,
      classId: 1,
      confidence: 0.9,
      bbox: [0, 0, 1, 1] as [number, number, number, number],
      bboxNormalized: [0, 0, 1, 1] as [number, number, number, number],
    }));
    const results = [
      {
        imageUrl: job.imageUrls[0],
        imageIndex: 0,
        status: 'done' as const,
        detections,
        detectionCount: detections.length,
      },
    ];
    expect(Buffer.byteLength(JSON.stringify(results))).toBeLessThan(350 * 1024);
    expect(await store.transition(job.jobId, { to: JobStatus.COMPLETED, at: new Date(), results })).not.toBeNull();

    const { Item } = await dynamodb.send(new GetItemCommand({ TableName: TABLE, Key: { jobId: { S: job.jobId } } }));
    expect(Item?.resultsKey?.S).toMatch(/^results\//);
    expect((await store.get(job.jobId))?.results).toEqual(results);
  });
});
