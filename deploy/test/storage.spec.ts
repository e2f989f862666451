import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { getAtt, joined, logicalIdOf, ref, synth, isUploadsBucket } from './support/synth';

describe('upload bucket', () => {
  const synthesized = synth({
    corsAllowedOrigins: 'https://app.example.com, http://localhost:5173',
    uploadsRetentionDays: '3',
    resultsRetentionDays: '45',
  });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const bucketId = logicalIdOf(template, 'AWS::S3::Bucket', isUploadsBucket);

  const buckets = template.findResources('AWS::S3::Bucket');
  const accessLogsId = Object.keys(buckets).find((id) => id !== bucketId)!;

  it('when synthesized, then public access is blocked on all four settings, on the uploads and the access-log bucket', () => {
    expect(Object.keys(buckets)).toHaveLength(2);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties).toMatchObject({
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      });
    }
  });

  it('when synthesized, then objects are encrypted at rest with S3-managed keys, in both buckets', () => {
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties.BucketEncryption).toEqual({
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      });
    }
  });

  it.each([
    ['uploads', () => bucketId],
    ['access-log', () => accessLogsId],
  ])('when synthesized, then the %s bucket policy denies every request not made over TLS', (_, id) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(id()),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            Resource: [getAtt(id(), 'Arn'), joined(getAtt(id(), 'Arn'), '/*')],
          }),
        ]),
      },
    });
  });

  it('when synthesized, then S3 writes the uploads bucket access logs to the access-log bucket, by bucket policy, kept as long as other logs', () => {
    expect(buckets[bucketId].Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: ref(accessLogsId),
      LogFilePrefix: 'uploads-bucket/',
    });
    expect(buckets[accessLogsId].Properties.AccessControl).toBeUndefined();
    expect(buckets[accessLogsId].Properties.LifecycleConfiguration.Rules).toEqual([
      { Id: 'expire-access-logs', ExpirationInDays: 30, Status: 'Enabled' },
    ]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(accessLogsId),
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Resource: joined(getAtt(accessLogsId, 'Arn'), '/uploads-bucket/*'),
            Condition: { ArnLike: { 'aws:SourceArn': getAtt(bucketId, 'Arn') } },
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

  it('when the stack is deleted, then the bucket and its photos are kept, and the access logs too', () => {
    for (const bucket of Object.values(buckets)) {
      expect(bucket).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    }
  });
});
