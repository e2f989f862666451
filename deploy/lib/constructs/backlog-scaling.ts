import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface BacklogScalingProps {
  service: ecs.FargateService;
  cluster: ecs.ICluster;
  queue: sqs.IQueue;
  minTasks: number;
  maxTasks: number;
  targetBacklogPerTask: number;
}

export const BACKLOG_PER_TASK_EXPRESSION = 'visible / running';
/** Jobs waiting while no task runs: the only case target tracking (÷ running) cannot see. */
export const WAITING_WITH_NO_TASK_EXPRESSION = 'IF(FILL(running, 0) == 0, visible + inFlight, 0)';
export const JOBS_IN_QUEUE_EXPRESSION = 'visible + inFlight';
/** The wake alarm's period: SQS publishes its queue metrics once a minute. */
export const WAKE_PERIOD_SECONDS = 60;
/** Idle minutes (nothing visible and nothing in flight) before the service scales to zero tasks. */
export const IDLE_MINUTES_BEFORE_ZERO = 15;

/**
 * Target tracking on "messages waiting per running task", the metric AWS recommends for queue workers.
 * CDK's TargetTrackingScalingPolicy accepts only a single metric, so the policy is written at the
 * CloudFormation level with a metric-math customized metric.
 *
 * With minTasks = 0 (scale to zero), two step-scaling policies bracket it: "wake" sets one task when jobs wait
 * (visible + in flight) and no task runs, which target tracking cannot see (its metric divides by zero);
 * "sleep" sets zero tasks once nothing was visible or in flight for IDLE_MINUTES_BEFORE_ZERO minutes.
 */
export class BacklogScaling extends Construct {
  readonly policy: appscaling.CfnScalingPolicy;
  readonly wake?: { policy: appscaling.CfnScalingPolicy; alarm: cloudwatch.Alarm };
  readonly sleep?: { policy: appscaling.CfnScalingPolicy; alarm: cloudwatch.Alarm };

  constructor(scope: Construct, id: string, props: BacklogScalingProps) {
    super(scope, id);
    const taskCount = props.service.autoScaleTaskCount({ minCapacity: props.minTasks, maxCapacity: props.maxTasks });
    const target = taskCount.node.findChild('Target') as appscaling.ScalableTarget;
    this.policy = new appscaling.CfnScalingPolicy(this, 'BacklogPerTask', {
      policyName: 'backlog-per-task',
      policyType: 'TargetTrackingScaling',
      scalingTargetId: target.scalableTargetId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: props.targetBacklogPerTask,
        scaleOutCooldown: Duration.seconds(60).toSeconds(),
        // Scale in slowly: a task stopped mid-job costs a retry of that job.
        scaleInCooldown: Duration.minutes(5).toSeconds(),
        customizedMetricSpecification: {
          metrics: [
            {
              id: 'visible',
              returnData: false,
              metricStat: {
                stat: 'Sum',
                metric: {
                  namespace: 'AWS/SQS',
                  metricName: 'ApproximateNumberOfMessagesVisible',
                  dimensions: [{ name: 'QueueName', value: props.queue.queueName }],
                },
              },
            },
            {
              id: 'running',
              returnData: false,
              metricStat: {
                stat: 'Average',
                metric: {
                  namespace: 'ECS/ContainerInsights',
                  metricName: 'RunningTaskCount',
                  dimensions: [
                    { name: 'ClusterName', value: props.cluster.clusterName },
                    { name: 'ServiceName', value: props.service.serviceName },
                  ],
                },
              },
            },
            {
              id: 'backlogPerTask',
              expression: BACKLOG_PER_TASK_EXPRESSION,
              label: 'Messages visible per running task',
              returnData: true,
            },
          ],
        },
      },
    });
    if (props.minTasks === 0) {
      this.wake = this.exactCapacity('WakeFromZero', target, 1, {
        expression: WAITING_WITH_NO_TASK_EXPRESSION,
        label: 'Jobs waiting while no worker task runs',
        periods: 1,
        comparison: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 1,
        // No SQS data (an idle queue publishes less) is no job waiting.
        missing: cloudwatch.TreatMissingData.NOT_BREACHING,
        props,
      });
      this.sleep = this.exactCapacity('SleepWhenIdle', target, 0, {
        expression: JOBS_IN_QUEUE_EXPRESSION,
        label: 'Jobs visible or in flight',
        periods: IDLE_MINUTES_BEFORE_ZERO,
        comparison: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        threshold: 0,
        // An idle queue may stop publishing: missing data counts as idle.
        missing: cloudwatch.TreatMissingData.BREACHING,
        props,
      });
    }
  }

  /** A step-scaling policy that sets the task count to `capacity` while its one-minute alarm is in ALARM. */
  private exactCapacity(
    id: string,
    target: appscaling.ScalableTarget,
    capacity: number,
    rule: {
      expression: string;
      label: string;
      periods: number;
      comparison: cloudwatch.ComparisonOperator;
      threshold: number;
      missing: cloudwatch.TreatMissingData;
      props: BacklogScalingProps;
    },
  ): { policy: appscaling.CfnScalingPolicy; alarm: cloudwatch.Alarm } {
    const { props } = rule;
    const period = Duration.seconds(WAKE_PERIOD_SECONDS);
    const queueMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SQS',
        metricName,
        dimensionsMap: { QueueName: props.queue.queueName },
        statistic: 'Maximum',
        period,
      });
    const policy = new appscaling.CfnScalingPolicy(this, `${id}Policy`, {
      policyName: id.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase(),
      policyType: 'StepScaling',
      scalingTargetId: target.scalableTargetId,
      stepScalingPolicyConfiguration: {
        adjustmentType: 'ExactCapacity',
        cooldown: WAKE_PERIOD_SECONDS,
        metricAggregationType: 'Maximum',
        stepAdjustments: [
          capacity > 0
            ? { metricIntervalLowerBound: 0, scalingAdjustment: capacity }
            : { metricIntervalUpperBound: 0, scalingAdjustment: capacity },
        ],
      },
    });
    const alarm = new cloudwatch.Alarm(this, `${id}Alarm`, {
      alarmDescription: `${rule.label}: sets the worker service to ${capacity} task(s)`,
      metric: new cloudwatch.MathExpression({
        expression: rule.expression,
        label: rule.label,
        period,
        usingMetrics: {
          visible: queueMetric('ApproximateNumberOfMessagesVisible'),
          inFlight: queueMetric('ApproximateNumberOfMessagesNotVisible'),
          ...(rule.expression.includes('running') && {
            running: new cloudwatch.Metric({
              namespace: 'ECS/ContainerInsights',
              metricName: 'RunningTaskCount',
              dimensionsMap: { ClusterName: props.cluster.clusterName, ServiceName: props.service.serviceName },
              statistic: 'Average',
              period,
            }),
          }),
        },
      }),
      threshold: rule.threshold,
      comparisonOperator: rule.comparison,
      evaluationPeriods: rule.periods,
      datapointsToAlarm: rule.periods,
      treatMissingData: rule.missing,
    });
    alarm.addAlarmAction({ bind: () => ({ alarmActionArn: policy.ref }) });
    return { policy, alarm };
  }
}
