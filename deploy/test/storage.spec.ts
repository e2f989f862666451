import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { getAtt, joined, logicalIdOf, ref, synth } from './support/synth';

describe('upload bucket', () => {
  const synthesized = synth({
    corsAllowedOrigins: 'https://app.example.com, http://localhost:5173',
    uploadsRetentionDays: '3',
    resultsRetentionDays: '45',
  });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const bucketId = logicalIdOf(template, 'AWS::S3::Bucket');

  it('when synthesized, then public access is blocked on all four settings', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
    });
  });

  it('when synthesized, then objects are encrypted at rest with S3-managed keys', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
    });
  });

  it('when synthesized, then the bucket policy denies every request not made over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(bucketId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [getAtt(bucketId, 'Arn'), joined(getAtt(bucketId, 'Arn'), '/*')],
          }),
        ]),
      },
    });
  });

  it('when origins are given as a comma-separated list, then CORS allows browser PUT and POST from exactly those origins', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(bucket.Properties.CorsConfiguration).toEqual({
      CorsRules: [
        {
          AllowedMethods: ['PUT', 'POST'],
          AllowedOrigins: ['https://app.example.com', 'http://localhost:5173'],
          AllowedHeaders: ['Content-Type', 'Content-Length', 'x-amz-*'],
          ExposedHeaders: ['ETag'],
          MaxAge: 3000,
        },
      ],
    });
  });

  it('when retention days are configured, then uploads/ and results/ expire after them and stale multipart uploads are aborted', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[bucketId];
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'expire-uploads', Prefix: 'uploads/', ExpirationInDays: 3, Status: 'Enabled' },
      { Id: 'expire-results', Prefix: 'results/', ExpirationInDays: 45, Status: 'Enabled' },
      {
        Id: 'abort-incomplete-multipart',
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        Status: 'Enabled',
      },
    ]);
  });

  it('when the stack is deleted, then the bucket and its photos are kept', () => {
    template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});
