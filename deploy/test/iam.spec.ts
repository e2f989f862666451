import { afterAll, describe, expect, it } from 'vitest';
import { getAtt, joined, logicalIdOf, synth, isUploadsBucket } from './support/synth';

describe('least-privilege IAM', () => {
  const synthesized = synth();
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  const bucketArn = getAtt(logicalIdOf(template, 'AWS::S3::Bucket', isUploadsBucket), 'Arn');
  const tableArn = getAtt(logicalIdOf(template, 'AWS::DynamoDB::Table'), 'Arn');
  const queueArn = getAtt(
    logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs'),
    'Arn',
  );
  const deadLetterQueueArn = getAtt(
    logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-dlq'),
    'Arn',
  );
  const webhookQueueArn = getAtt(
    logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-webhooks'),
    'Arn',
  );
  const statementsOf = (roleId: string) =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);

  it('when synthesized, then the API Lambda role allows exactly: own logs, uploads/ put+get, results/ get, list the bucket, send to the queue, the table and its index', () => {
    const lambdaRole = logicalIdOf(template, 'AWS::IAM::Role', (p) => p.Description?.startsWith('Image detection API'));
    const functionId = logicalIdOf(template, 'AWS::Lambda::Function', (p) => p.Handler === 'lambda.handler');
    const logGroupId =
      template.findResources('AWS::Lambda::Function')[functionId].Properties.LoggingConfig.LogGroup.Ref;
    const logGroupArn = getAtt(logGroupId, 'Arn');
    expect(statementsOf(lambdaRole)).toEqual([
      {
        Sid: 'WriteOwnLogs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: logGroupArn,
      },
      {
        Sid: 'PresignAndCheckUploads',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject'],
        Resource: joined(bucketArn, '/uploads/*'),
      },
      { Sid: 'ReadLargeResults', Effect: 'Allow', Action: 's3:GetObject', Resource: joined(bucketArn, '/results/*') },
      { Sid: 'TellMissingFromForbidden', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      {
        Sid: 'EnqueueJobs',
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:GetQueueAttributes'],
        Resource: queueArn,
      },
      {
        Sid: 'KeepJobs',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        Resource: [tableArn, joined(tableArn, '/index/tenantUser-createdAt-index')],
      },
    ]);
  });

  it('when synthesized, then the API Lambda role has no managed policy (not even AWSLambdaBasicExecutionRole)', () => {
    const lambdaRole = logicalIdOf(template, 'AWS::IAM::Role', (p) => p.Description?.startsWith('Image detection API'));
    expect(template.findResources('AWS::IAM::Role')[lambdaRole].Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('when synthesized, then the worker task role allows exactly: uploads/ get, results/ put+get, list the bucket, consume the queue and its DLQ, get+update jobs, deliver webhooks through their queue, requeue pending jobs', () => {
    const taskDefinition =
      template.findResources('AWS::ECS::TaskDefinition')[logicalIdOf(template, 'AWS::ECS::TaskDefinition')];
    const taskRole = taskDefinition.Properties.TaskRoleArn['Fn::GetAtt'][0];
    expect(statementsOf(taskRole)).toEqual([
      { Sid: 'ReadUploads', Effect: 'Allow', Action: 's3:GetObject', Resource: joined(bucketArn, '/uploads/*') },
      {
        Sid: 'WriteLargeResults',
        Effect: 'Allow',
        Action: ['s3:PutObject', 's3:GetObject'],
        Resource: joined(bucketArn, '/results/*'),
      },
      { Sid: 'TellMissingFromForbidden', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
      {
        Sid: 'ConsumeJobs',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes'],
        Resource: queueArn,
      },
      {
        Sid: 'FailDeadLetteredJobs',
        Effect: 'Allow',
        Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
        Resource: deadLetterQueueArn,
      },
      { Sid: 'UpdateJobs', Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], Resource: tableArn },
      {
        Sid: 'DeliverWebhooks',
        Effect: 'Allow',
        Action: ['sqs:SendMessage', 'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility'],
        Resource: webhookQueueArn,
      },
      {
        Sid: 'RequeuePendingJobs',
        Effect: 'Allow',
        Action: ['dynamodb:Query', 'sqs:SendMessage'],
        Resource: [joined(tableArn, '/index/pending-pendingSince-index'), queueArn],
      },
    ]);
  });

  it('when synthesized, then the only "*" resource in any policy is ecr:GetAuthorizationToken, which cannot be scoped', () => {
    const wildcard = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter(
        (statement) =>
          statement.Resource === '*' || (Array.isArray(statement.Resource) && statement.Resource.includes('*')),
      );
    expect(wildcard.map((statement) => statement.Action)).toEqual(['ecr:GetAuthorizationToken']);
  });

  it('when synthesized, then no statement grants a service-wide action such as s3:* or dynamodb:*', () => {
    const allowed = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .filter((statement) => statement.Effect === 'Allow')
      .flatMap((statement) => [statement.Action].flat());
    expect(allowed.filter((action: string) => action.endsWith('*'))).toEqual([]);
  });
});
