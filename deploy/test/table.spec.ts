import { afterAll, describe, expect, it } from 'vitest';
import { logicalIdOf, synth } from './support/synth';

describe('jobs table', () => {
  const synthesized = synth();
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const table = template.findResources('AWS::DynamoDB::Table')[logicalIdOf(template, 'AWS::DynamoDB::Table')];

  it('when synthesized, then it is billed on demand and keyed by jobId (string)', () => {
    expect(table.Properties.TableName).toBe('image-detection-jobs');
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'jobId', KeyType: 'HASH' }]);
  });

  it('when synthesized, then point-in-time recovery, KMS encryption and deletion protection are on', () => {
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    // SSEEnabled alone means the AWS managed KMS key (aws/dynamodb) instead of the AWS owned default.
    expect(table.Properties.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it("when synthesized, then the tenantUser-createdAt-index lists a tenant user's jobs by creation time with every attribute (the pre-tenant index kept for one deploy), and the sparse pending index the requeue sweep reads", () => {
    expect(table.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'userId-createdAt-index',
        KeySchema: [
          { AttributeName: 'userId', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'tenantUser-createdAt-index',
        KeySchema: [
          { AttributeName: 'tenantUser', KeyType: 'HASH' },
          { AttributeName: 'createdAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      {
        IndexName: 'pending-pendingSince-index',
        KeySchema: [
          { AttributeName: 'pending', KeyType: 'HASH' },
          { AttributeName: 'pendingSince', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
    ]);
    expect(table.Properties.AttributeDefinitions).toEqual([
      { AttributeName: 'jobId', AttributeType: 'S' },
      { AttributeName: 'userId', AttributeType: 'S' },
      { AttributeName: 'createdAt', AttributeType: 'S' },
      { AttributeName: 'tenantUser', AttributeType: 'S' },
      { AttributeName: 'pending', AttributeType: 'S' },
      { AttributeName: 'pendingSince', AttributeType: 'S' },
    ]);
  });

  it('when synthesized, then items expire through the expiresAt TTL attribute', () => {
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
  });
});

describe('jobs table with pendingIndex=false (a stack from before tenants, which gains the tenant index first)', () => {
  const synthesized = synth({ pendingIndex: 'false' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  it('when synthesized, then the table has no pending index and the worker runs no requeue sweep', () => {
    const table = template.findResources('AWS::DynamoDB::Table')[logicalIdOf(template, 'AWS::DynamoDB::Table')];
    expect(table.Properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual([
      'userId-createdAt-index',
      'tenantUser-createdAt-index',
    ]);
    const taskDefinition =
      template.findResources('AWS::ECS::TaskDefinition')[logicalIdOf(template, 'AWS::ECS::TaskDefinition')];
    const environment = taskDefinition.Properties.ContainerDefinitions[0].Environment;
    expect(environment).toContainEqual({ Name: 'PENDING_REQUEUE_SECONDS', Value: '0' });
  });
});
