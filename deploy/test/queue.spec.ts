import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { getAtt, logicalIdOf, synth } from './support/synth';

describe('job queue and dead-letter queue, defaults', () => {
  const synthesized = synth();
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const queueId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs');
  const dlqId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-dlq');

  it('when synthesized, then both queues use SQS-managed encryption', () => {
    const queues = template.findResources('AWS::SQS::Queue');
    expect(queues[queueId].Properties.SqsManagedSseEnabled).toBe(true);
    expect(queues[dlqId].Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('when no context is given, then messages move to the DLQ after 5 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'image-detection-jobs',
      RedrivePolicy: { deadLetterTargetArn: getAtt(dlqId, 'Arn'), maxReceiveCount: 5 },
    });
  });

  it('when no context is given, then the visibility timeout is 6 x the 120 s job timeout, receives long-poll and messages are kept 14 days', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'image-detection-jobs',
      VisibilityTimeout: 720,
      ReceiveMessageWaitTimeSeconds: 20,
      MessageRetentionPeriod: 14 * 24 * 3600,
    });
  });

  it('when synthesized, then the DLQ keeps messages 14 days', () => {
    expect(template.findResources('AWS::SQS::Queue')[dlqId].Properties.MessageRetentionPeriod).toBe(14 * 24 * 3600);
  });

  it('when synthesized, then each queue policy denies requests not made over TLS', () => {
    for (const id of [queueId, dlqId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: [
            Match.objectLike({
              Effect: 'Deny',
              Action: 'sqs:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ],
        },
      });
    }
  });
});

describe('webhooks queue', () => {
  const synthesized = synth();
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const queueId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-webhooks');
  const dlqId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-webhooks-dlq');

  it('when synthesized, then webhook attempts have their own encrypted queue, 60 s visibility, redriven to their own DLQ after 5 receives', () => {
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'image-detection-jobs-webhooks',
      SqsManagedSseEnabled: true,
      VisibilityTimeout: 60,
      ReceiveMessageWaitTimeSeconds: 20,
      MessageRetentionPeriod: 14 * 24 * 3600,
      RedrivePolicy: { deadLetterTargetArn: getAtt(dlqId, 'Arn'), maxReceiveCount: 5 },
    });
    expect(template.findResources('AWS::SQS::Queue')[dlqId].Properties.SqsManagedSseEnabled).toBe(true);
  });

  it('when synthesized, then both webhook queue policies deny requests not made over TLS', () => {
    for (const id of [queueId, dlqId]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: {
          Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })],
        },
      });
    }
  });
});

describe('job queue, configured', () => {
  const synthesized = synth({ jobTimeoutSeconds: '300', maxReceiveCount: '3', namePrefix: 'detector' });
  afterAll(() => synthesized.cleanup());

  it('when jobTimeoutSeconds and maxReceiveCount are given, then visibility is 1800 s and the redrive happens after 3 receives', () => {
    synthesized.template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'detector-jobs',
      VisibilityTimeout: 1800,
      RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }),
    });
  });
});
