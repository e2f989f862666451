import { afterAll, describe, expect, it } from 'vitest';
import { logicalIdOf, synth } from './support/synth';

describe('CloudTrail data events', () => {
  const off = synth();
  const on = synth({ enableCloudTrail: 'true' });
  afterAll(() => {
    off.cleanup();
    on.cleanup();
  });

  it('when enableCloudTrail is not set, then no trail is created', () => {
    off.template.resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  it('when enableCloudTrail=true, then one trail records every read and write of the bucket objects and the table items', () => {
    const { template } = on;
    const bucketArn = {
      'Fn::GetAtt': [logicalIdOf(on.template, 'AWS::S3::Bucket', (p) => p.CorsConfiguration !== undefined), 'Arn'],
    };
    const tableArn = { 'Fn::GetAtt': [logicalIdOf(template, 'AWS::DynamoDB::Table'), 'Arn'] };
    const trail = template.findResources('AWS::CloudTrail::Trail')[logicalIdOf(template, 'AWS::CloudTrail::Trail')];
    expect(trail.Properties).toMatchObject({
      IsLogging: true,
      EnableLogFileValidation: true,
      IsMultiRegionTrail: false,
    });
    expect(trail.Properties.EventSelectors).toEqual([
      {
        DataResources: [{ Type: 'AWS::S3::Object', Values: [{ 'Fn::Join': ['', [bucketArn, '/']] }] }],
        IncludeManagementEvents: false,
        ReadWriteType: 'All',
      },
      {
        DataResources: [{ Type: 'AWS::DynamoDB::Table', Values: [tableArn] }],
        IncludeManagementEvents: false,
        ReadWriteType: 'All',
      },
    ]);
  });

  it('when enableCloudTrail=true, then the trail writes to its own private, encrypted, TLS-only bucket', () => {
    const { template } = on;
    const trail = template.findResources('AWS::CloudTrail::Trail')[logicalIdOf(template, 'AWS::CloudTrail::Trail')];
    const logBucket = template.findResources('AWS::S3::Bucket')[trail.Properties.S3BucketName.Ref];
    expect(logBucket.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(
      logBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault
        .SSEAlgorithm,
    ).toBe('AES256');
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find(
      (p) => p.Properties.Bucket.Ref === trail.Properties.S3BucketName.Ref,
    )!;
    expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('aws:SecureTransport');
  });
});
