import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { apiRequestMetric } from './alarms';

export interface ServiceDashboardProps {
  namePrefix: string;
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  cluster: ecs.ICluster;
  service: ecs.FargateService;
  alarms: cloudwatch.Alarm[];
}

/** One page for the service: the API's own figures (EMF), the queue, the workers, and the state of every alarm. */
export class ServiceDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ServiceDashboardProps) {
    super(scope, id);
    const minute = Duration.minutes(1);
    const queueMetric = (queue: sqs.IQueue, metricName: string, label: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SQS',
        metricName,
        dimensionsMap: { QueueName: queue.queueName },
        statistic: 'Maximum',
        period: minute,
        label,
      });
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.namePrefix,
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: props.alarms, width: 24, height: 3 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'API requests and server errors (EMF)',
        left: [apiRequestMetric('Requests', 'Sum', minute), apiRequestMetric('ServerErrors', 'Sum', minute)],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'API latency, ms (EMF)',
        left: [
          apiRequestMetric('Latency', 'p50', minute).with({ label: 'p50' }),
          apiRequestMetric('Latency', 'p99', minute).with({ label: 'p99' }),
        ],
        width: 12,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Jobs queue',
        left: [
          queueMetric(props.queue, 'ApproximateNumberOfMessagesVisible', 'waiting'),
          queueMetric(props.queue, 'ApproximateNumberOfMessagesNotVisible', 'in flight'),
          queueMetric(props.deadLetterQueue, 'ApproximateNumberOfMessagesVisible', 'dead-lettered'),
        ],
        right: [queueMetric(props.queue, 'ApproximateAgeOfOldestMessage', 'oldest job, s')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Worker tasks (0 when idle)',
        left: [
          new cloudwatch.Metric({
            namespace: 'ECS/ContainerInsights',
            metricName: 'RunningTaskCount',
            dimensionsMap: { ClusterName: props.cluster.clusterName, ServiceName: props.service.serviceName },
            statistic: 'Average',
            period: minute,
            label: 'running tasks',
          }),
        ],
        width: 12,
      }),
    );
  }
}
