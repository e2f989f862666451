import { Duration } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface ServiceAlarmsProps {
  namePrefix: string;
  queue: sqs.IQueue;
  deadLetterQueue: sqs.IQueue;
  apiFunction: lambda.IFunction;
  api: apigateway.RestApi;
  workerLogGroup: logs.ILogGroup;
  oldestMessageAlarmSeconds: number;
  /** p99 of the API's own request latency (EMF, all routes) over 5 minutes that raises ApiLatencyP99. */
  apiLatencyAlarmMs: number;
  alarmEmail?: string;
}

export const METRICS_NAMESPACE = 'ImageDetection';
/**
 * The API's request figures, written by the Lambda as CloudWatch EMF log lines (apps/api/src/metrics/
 * emf-request-metrics.ts): Requests, ServerErrors (Count) and Latency (Milliseconds), with no dimension for the
 * service-wide series.
 */
export function apiRequestMetric(
  metricName: 'Requests' | 'ServerErrors' | 'Latency',
  statistic: string,
  period = Duration.minutes(5),
): cloudwatch.Metric {
  return new cloudwatch.Metric({ namespace: METRICS_NAMESPACE, metricName, statistic, period });
}

/** pino writes numeric levels: 50 is error, 60 is fatal. */
export const WORKER_ERROR_FILTER = '{ $.level >= 50 }';

/** The six alarms of the service; with alarmEmail they notify an SNS topic. */
export class ServiceAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly topic?: sns.Topic;
  private readonly namePrefix: string;

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    this.namePrefix = props.namePrefix;
    const workerErrors = new logs.MetricFilter(this, 'WorkerErrorFilter', {
      logGroup: props.workerLogGroup,
      filterPattern: logs.FilterPattern.literal(WORKER_ERROR_FILTER),
      metricNamespace: METRICS_NAMESPACE,
      metricName: 'WorkerErrors',
      metricValue: '1',
      defaultValue: 0,
    });
    const fiveMinutes = Duration.minutes(5);
    this.add(
      'DeadLetterQueueNotEmpty',
      'A job failed every attempt and waits in the dead-letter queue',
      props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: fiveMinutes }),
      1,
    );
    this.add(
      'OldestMessageAge',
      'Jobs wait too long: workers are down, stuck or too few',
      props.queue.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', period: fiveMinutes }),
      props.oldestMessageAlarmSeconds,
    );
    this.add(
      'ApiLambdaErrors',
      'The API Lambda threw or timed out',
      props.apiFunction.metricErrors({ statistic: 'Sum', period: fiveMinutes }),
      1,
    );
    this.add(
      'Api5xx',
      'API Gateway answered 5xx',
      props.api.metricServerError({ statistic: 'Sum', period: fiveMinutes }),
      1,
    );
    this.add(
      'ApiLatencyP99',
      'The API itself is slow: p99 of its request latency (EMF, every route)',
      apiRequestMetric('Latency', 'p99', fiveMinutes),
      props.apiLatencyAlarmMs,
    );
    this.add(
      'WorkerErrors',
      'The worker logged at level error or fatal',
      workerErrors.metric({ statistic: 'Sum', period: fiveMinutes }),
      1,
    );

    if (props.alarmEmail) {
      this.topic = new sns.Topic(this, 'AlarmTopic', { displayName: `${props.namePrefix} alarms`, enforceSSL: true });
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
      for (const alarm of this.alarms) alarm.addAlarmAction(new actions.SnsAction(this.topic));
    }
  }

  private add(id: string, description: string, metric: cloudwatch.IMetric, threshold: number): void {
    this.alarms.push(
      new cloudwatch.Alarm(this, id, {
        alarmName: `${this.namePrefix}-${id}`,
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        // No data means no traffic, not a failure.
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
  }
}
