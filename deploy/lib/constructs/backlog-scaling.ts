import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
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

/**
 * Target tracking on "messages waiting per running task", the metric AWS recommends for queue workers.
 * CDK's TargetTrackingScalingPolicy accepts only a single metric, so the policy is written at the
 * CloudFormation level with a metric-math customized metric.
 */
export class BacklogScaling extends Construct {
  readonly policy: appscaling.CfnScalingPolicy;

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
  }
}
