import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetBucketCorsCommand, GetBucketLifecycleConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_USER_INDEX } from '@app/infrastructure';
import { synth, Synthesized } from '../deploy/test/support/synth';
import { MOTO_CREDENTIALS, MOTO_REGION, MotoServer, startMoto } from './support/moto';
import { REPO_ROOT } from './support/test-env';

/**
 * The CDK stack and `npm run aws:init` read one definition of the resources (@app/infrastructure). This proves the
 * two really build the same shapes: the synthesized template on one side, what the built aws:init CLI creates on
 * moto_server on the other, both reduced to the same plain form. Non-default values on both sides show that every
 * parameter flows through, not just the defaults.
 *
 * Compared: table keys, attribute types, index, TTL and billing; queue and DLQ attributes and the redrive; bucket
 * CORS and lifecycle. Not compared, because only AWS itself enforces them and the CDK stack alone sets them:
 * encryption, TLS-only policies, point-in-time recovery, deletion protection, public access blocks.
 */
const STACK_CONTEXT = {
  namePrefix: 'parity',
  jobTimeoutSeconds: 15, // visibility timeout 6 x 15 = 90 s
  maxReceiveCount: 4,
  corsAllowedOrigins: 'https://app.example.com,http://localhost:5173',
  uploadsRetentionDays: 3,
  resultsRetentionDays: 9,
};
const TABLE = 'parity-jobs';
const QUEUE = 'parity-jobs';
const BUCKET = 'parity-uploads';
const client = { region: MOTO_REGION, credentials: MOTO_CREDENTIALS };

describe('the CDK template and npm run aws:init build the same resources', () => {
  let moto: MotoServer;
  let synthesized: Synthesized;

  beforeAll(async () => {
    synthesized = synth(STACK_CONTEXT);
    moto = await startMoto();
    await promisify(execFile)(process.execPath, [join(REPO_ROOT, 'dist/apps/aws-init/src/main.js')], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        AWS_REGION: MOTO_REGION,
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        S3_BUCKET: BUCKET,
        S3_FORCE_PATH_STYLE: 'true',
        JOBS_TABLE_NAME: TABLE,
        SQS_QUEUE_URL: `${moto.endpoint}/123456789012/${QUEUE}`,
        QUEUE_VISIBILITY_TIMEOUT_SECONDS: '90',
        MAX_RECEIVE_COUNT: '4',
        CORS_ALLOWED_ORIGINS: STACK_CONTEXT.corsAllowedOrigins,
        UPLOAD_RETENTION_DAYS: '3',
        RESULTS_RETENTION_DAYS: '9',
      },
    });
  });
  afterAll(async () => {
    synthesized?.cleanup();
    await moto?.close();
  });

  it('when both ran, then the jobs table has the same keys, index, TTL attribute and billing', async () => {
    const dynamodb = new DynamoDBClient({ ...client, endpoint: moto.endpoint });
    try {
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TABLE }));
      const { TimeToLiveDescription } = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: TABLE }));
      const created = tableShape({
        keySchema: Table?.KeySchema,
        attributes: Table?.AttributeDefinitions,
        indexes: Table?.GlobalSecondaryIndexes,
        ttlAttribute:
          TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' ? TimeToLiveDescription.AttributeName : null,
        billingMode: Table?.BillingModeSummary?.BillingMode,
      });
      const [table] = resources('AWS::DynamoDB::Table');
      // The one deliberate difference: the stack keeps the pre-tenant index (and its userId attribute) for one
      // deploy, because CloudFormation changes one index per update; aws:init makes new tables without it.
      const declared = tableShape({
        keySchema: table.KeySchema,
        attributes: table.AttributeDefinitions.filter(
          (attribute: any) => attribute.AttributeName !== LEGACY_USER_INDEX.partitionKey,
        ),
        indexes: table.GlobalSecondaryIndexes.filter((index: any) => index.IndexName !== LEGACY_USER_INDEX.name),
        ttlAttribute: table.TimeToLiveSpecification?.Enabled ? table.TimeToLiveSpecification.AttributeName : null,
        billingMode: table.BillingMode,
      });
      expect(declared.indexes).toHaveLength(2); // the tenantUser index and the sparse pending index
      expect(created).toEqual(declared);
    } finally {
      dynamodb.destroy();
    }
  });

  it('when both ran, then the jobs queue and its <name>-dlq have the same attributes and redrive', async () => {
    const sqs = new SQSClient({ ...client, endpoint: moto.endpoint });
    try {
      const queue = await queueAttributes(sqs, QUEUE);
      const deadLetterQueue = await queueAttributes(sqs, `${QUEUE}-dlq`);
      const redrive = JSON.parse(queue.RedrivePolicy);
      const created = {
        queue: {
          visibilityTimeoutSeconds: Number(queue.VisibilityTimeout),
          retentionSeconds: Number(queue.MessageRetentionPeriod),
          receiveWaitSeconds: Number(queue.ReceiveMessageWaitTimeSeconds),
        },
        redrive: {
          maxReceiveCount: redrive.maxReceiveCount,
          toDeadLetterQueue: redrive.deadLetterTargetArn === deadLetterQueue.QueueArn,
        },
        deadLetterQueue: { retentionSeconds: Number(deadLetterQueue.MessageRetentionPeriod) },
      };

      const [declaredQueue] = resources('AWS::SQS::Queue', (p) => p.QueueName === QUEUE);
      const [declaredDlq] = resources('AWS::SQS::Queue', (p) => p.QueueName === `${QUEUE}-dlq`);
      const dlqId = logicalIds('AWS::SQS::Queue', (p) => p.QueueName === `${QUEUE}-dlq`)[0];
      const declared = {
        queue: {
          visibilityTimeoutSeconds: declaredQueue.VisibilityTimeout,
          retentionSeconds: declaredQueue.MessageRetentionPeriod,
          receiveWaitSeconds: declaredQueue.ReceiveMessageWaitTimeSeconds,
        },
        redrive: {
          maxReceiveCount: declaredQueue.RedrivePolicy.maxReceiveCount,
          toDeadLetterQueue:
            JSON.stringify(declaredQueue.RedrivePolicy.deadLetterTargetArn) ===
            JSON.stringify({ 'Fn::GetAtt': [dlqId, 'Arn'] }),
        },
        deadLetterQueue: { retentionSeconds: declaredDlq.MessageRetentionPeriod },
      };
      expect(declared).toEqual({
        queue: { visibilityTimeoutSeconds: 90, retentionSeconds: 1_209_600, receiveWaitSeconds: 20 },
        redrive: { maxReceiveCount: 4, toDeadLetterQueue: true },
        deadLetterQueue: { retentionSeconds: 1_209_600 },
      });
      expect(created).toEqual(declared);
    } finally {
      sqs.destroy();
    }
  });

  it('when both ran, then the bucket has the same CORS rules and lifecycle rules', async () => {
    const s3 = new S3Client({ ...client, endpoint: moto.endpoint, forcePathStyle: true });
    try {
      const { CORSRules = [] } = await s3.send(new GetBucketCorsCommand({ Bucket: BUCKET }));
      const { Rules = [] } = await s3.send(new GetBucketLifecycleConfigurationCommand({ Bucket: BUCKET }));
      const created = {
        cors: CORSRules.map((rule) =>
          corsShape(
            rule.AllowedMethods,
            rule.AllowedOrigins,
            rule.AllowedHeaders,
            rule.ExposeHeaders,
            rule.MaxAgeSeconds,
          ),
        ),
        lifecycle: Rules.map((rule) =>
          lifecycleShape(
            rule.ID,
            rule.Status,
            rule.Filter?.Prefix ?? rule.Prefix,
            rule.Expiration?.Days,
            rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
          ),
        ),
      };

      const [bucket] = resources('AWS::S3::Bucket', (p) => p.CorsConfiguration !== undefined);
      const declared = {
        cors: bucket.CorsConfiguration.CorsRules.map((rule: any) =>
          corsShape(rule.AllowedMethods, rule.AllowedOrigins, rule.AllowedHeaders, rule.ExposedHeaders, rule.MaxAge),
        ),
        lifecycle: bucket.LifecycleConfiguration.Rules.map((rule: any) =>
          lifecycleShape(
            rule.Id,
            rule.Status,
            rule.Prefix,
            rule.ExpirationInDays,
            rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation,
          ),
        ),
      };
      expect(declared.lifecycle).toEqual([
        { id: 'expire-uploads', status: 'Enabled', prefix: 'uploads/', expirationDays: 3 },
        { id: 'expire-results', status: 'Enabled', prefix: 'results/', expirationDays: 9 },
        { id: 'abort-incomplete-multipart', status: 'Enabled', prefix: '', abortIncompleteMultipartUploadDays: 1 },
      ]);
      expect(declared.cors[0].allowedOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
      expect(created).toEqual(declared);
    } finally {
      s3.destroy();
    }
  });

  function logicalIds(type: string, predicate: (properties: any) => boolean = () => true): string[] {
    return Object.entries(synthesized.template.findResources(type))
      .filter(([, resource]) => predicate(resource.Properties ?? {}))
      .map(([id]) => id);
  }

  function resources(type: string, predicate: (properties: any) => boolean = () => true): any[] {
    const found = Object.values(synthesized.template.findResources(type))
      .map((resource) => resource.Properties ?? {})
      .filter(predicate);
    if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
    return found;
  }
});

interface KeyElement {
  AttributeName?: string;
  KeyType?: string;
}

/** A table reduced to what both sides can state; lists sorted where their order carries no meaning. */
function tableShape(table: {
  keySchema?: KeyElement[];
  attributes?: Array<{ AttributeName?: string; AttributeType?: string }>;
  indexes?: Array<{ IndexName?: string; KeySchema?: KeyElement[]; Projection?: { ProjectionType?: string } }>;
  ttlAttribute?: string | null;
  billingMode?: string;
}) {
  const keys = (schema: KeyElement[] = []) => schema.map((key) => `${key.AttributeName} ${key.KeyType}`);
  return {
    keySchema: keys(table.keySchema),
    attributes: (table.attributes ?? []).map((a) => `${a.AttributeName} ${a.AttributeType}`).sort(),
    indexes: (table.indexes ?? []).map((index) => ({
      name: index.IndexName,
      keySchema: keys(index.KeySchema),
      projection: index.Projection?.ProjectionType,
    })),
    ttlAttribute: table.ttlAttribute ?? null,
    billingMode: table.billingMode,
  };
}

function corsShape(methods?: string[], origins?: string[], headers?: string[], exposed?: string[], maxAge?: number) {
  return {
    allowedMethods: [...(methods ?? [])].sort(),
    allowedOrigins: origins ?? [],
    allowedHeaders: headers ?? [],
    exposedHeaders: exposed ?? [],
    maxAgeSeconds: maxAge,
  };
}

/** CloudFormation writes no prefix for a rule on every object; the S3 API answers an empty one. */
function lifecycleShape(id?: string, status?: string, prefix?: string, expirationDays?: number, abortDays?: number) {
  return {
    id,
    status,
    prefix: prefix ?? '',
    ...(expirationDays !== undefined && { expirationDays }),
    ...(abortDays !== undefined && { abortIncompleteMultipartUploadDays: abortDays }),
  };
}

async function queueAttributes(sqs: SQSClient, name: string): Promise<Record<string, string>> {
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
  return Attributes ?? {};
}
