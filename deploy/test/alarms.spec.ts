import { afterAll, describe, expect, it } from 'vitest';
import { logicalIdOf, ref, synth } from './support/synth';

/** The service's alarms are named; the scaling policies' alarms (worker.spec.ts) are not, and act on scaling. */
const serviceAlarms = (template: any) =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(
      ([, alarm]: [string, any]) => alarm.Properties.AlarmName,
    ),
  ) as Record<string, any>;

const summary = (alarm: any) => ({
  name: alarm.Properties.AlarmName,
  metric: `${alarm.Properties.Namespace} ${alarm.Properties.MetricName} ${alarm.Properties.Statistic ?? alarm.Properties.ExtendedStatistic}`,
  threshold: alarm.Properties.Threshold,
  comparison: alarm.Properties.ComparisonOperator,
  missingData: alarm.Properties.TreatMissingData,
});

describe('alarms without an e-mail address', () => {
  const synthesized = synth({ oldestMessageAlarmSeconds: '600' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const alarms = serviceAlarms(template);

  it('when synthesized, then the six service alarms exist with their metrics and thresholds', () => {
    const all = Object.values(alarms)
      .map(summary)
      .sort((a, b) => a.name.localeCompare(b.name));
    const common = { comparison: 'GreaterThanOrEqualToThreshold', missingData: 'notBreaching' };
    expect(all).toEqual([
      { name: 'image-detection-Api5xx', metric: 'AWS/ApiGateway 5XXError Sum', threshold: 1, ...common },
      { name: 'image-detection-ApiLambdaErrors', metric: 'AWS/Lambda Errors Sum', threshold: 1, ...common },
      {
        name: 'image-detection-ApiLatencyP99',
        metric: 'ImageDetection Latency p99',
        threshold: 3000,
        ...common,
      },
      {
        name: 'image-detection-DeadLetterQueueNotEmpty',
        metric: 'AWS/SQS ApproximateNumberOfMessagesVisible Maximum',
        threshold: 1,
        ...common,
      },
      {
        name: 'image-detection-OldestMessageAge',
        metric: 'AWS/SQS ApproximateAgeOfOldestMessage Maximum',
        threshold: 600,
        ...common,
      },
      { name: 'image-detection-WorkerErrors', metric: 'ImageDetection WorkerErrors Sum', threshold: 1, ...common },
    ]);
  });

  it('when synthesized, then each alarm watches the right resource', () => {
    const byName = (name: string) =>
      Object.values(alarms).find((alarm) => alarm.Properties.AlarmName === name)!.Properties;
    const dlqId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-dlq');
    const queueId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs');
    expect(byName('image-detection-DeadLetterQueueNotEmpty').Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } },
    ]);
    expect(byName('image-detection-OldestMessageAge').Dimensions).toEqual([
      { Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } },
    ]);
    expect(byName('image-detection-ApiLambdaErrors').Dimensions).toEqual([
      {
        Name: 'FunctionName',
        Value: ref(logicalIdOf(template, 'AWS::Lambda::Function', (p) => p.Handler === 'lambda.handler')),
      },
    ]);
    expect(byName('image-detection-Api5xx').Dimensions).toEqual([{ Name: 'ApiName', Value: 'image-detection-api' }]);
    // The EMF series the Lambda writes with no dimension (apps/api/src/metrics/emf-request-metrics.ts).
    expect(byName('image-detection-ApiLatencyP99').Dimensions).toBeUndefined();
  });

  it('when synthesized, then worker errors are counted from pino lines at level 50 (error) or above in the worker log group', () => {
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      FilterPattern: '{ $.level >= 50 }',
      LogGroupName: template.findOutputs('WorkerLogGroup').WorkerLogGroup.Value,
      MetricTransformations: [
        { MetricNamespace: 'ImageDetection', MetricName: 'WorkerErrors', MetricValue: '1', DefaultValue: 0 },
      ],
    });
  });

  it('when no alarmEmail is given, then no topic is created and alarms have no actions', () => {
    template.resourceCountIs('AWS::SNS::Topic', 0);
    for (const alarm of Object.values(alarms)) expect(alarm.Properties.AlarmActions).toBeUndefined();
  });
});

describe('alarms with an e-mail address', () => {
  const synthesized = synth({ alarmEmail: 'ops@example.com' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  it('when alarmEmail is given, then every alarm notifies one topic that e-mails that address', () => {
    const topicId = logicalIdOf(template, 'AWS::SNS::Topic');
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
      TopicArn: ref(topicId),
    });
    const alarms = Object.values(serviceAlarms(template));
    expect(alarms).toHaveLength(6);
    for (const alarm of alarms) expect(alarm.Properties.AlarmActions).toEqual([ref(topicId)]);
  });
});

describe('API latency alarm threshold', () => {
  const synthesized = synth({ apiLatencyAlarmMs: '1500' });
  afterAll(() => synthesized.cleanup());

  it('when apiLatencyAlarmMs is given, then ApiLatencyP99 fires at that p99', () => {
    synthesized.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'image-detection-ApiLatencyP99',
      Namespace: 'ImageDetection',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Threshold: 1500,
      Period: 300,
    });
  });
});

describe('dashboard', () => {
  const synthesized = synth({});
  afterAll(() => synthesized.cleanup());

  it('when synthesized, then one dashboard shows every service alarm, the API’s EMF figures, the queue and the worker tasks', () => {
    const dashboards = Object.values(synthesized.template.findResources('AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0].Properties.DashboardName).toBe('image-detection');
    const body = JSON.stringify(dashboards[0].Properties.DashboardBody);
    for (const metric of ['Requests', 'ServerErrors', 'Latency', 'RunningTaskCount', 'ApproximateAgeOfOldestMessage'])
      expect(body, metric).toContain(metric);
    expect(body).toContain('p99');
    // The alarm widget lists the six service alarms by ARN.
    const alarmIds = Object.keys(serviceAlarms(synthesized.template));
    expect(alarmIds).toHaveLength(6);
    for (const id of alarmIds) expect(body).toContain(id);
  });
});
