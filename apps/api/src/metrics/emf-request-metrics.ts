import { RequestMetricsSink, RequestRecord } from './request-metrics';

/** Where the CDK alarms and dashboard (deploy/lib/constructs/alarms.ts) look for the API's own figures. */
export const EMF_NAMESPACE = 'ImageDetection';

/**
 * CloudWatch Embedded Metric Format: one JSON log line per request, which CloudWatch Logs turns into metrics with
 * no API call and no agent (Lambda has no place to scrape). Two dimension sets: none (the service-wide figures the
 * alarms watch) and the status class. Route and Status are properties, not dimensions: each dimension value is a
 * custom metric billed monthly, while Logs Insights counts by route for free (`stats count(*) by Route, Status`).
 * Hand-written: the format is one object, smaller than a library and its flush logic.
 */
export class EmfRequestMetrics implements RequestMetricsSink {
  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(line)) {}

  record({ method, route, status, seconds }: RequestRecord): void {
    const line = {
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: EMF_NAMESPACE,
            Dimensions: [[], ['StatusClass']],
            Metrics: [
              { Name: 'Requests', Unit: 'Count' },
              { Name: 'ServerErrors', Unit: 'Count' },
              { Name: 'Latency', Unit: 'Milliseconds' },
            ],
          },
        ],
      },
      Route: `${method} ${route}`,
      StatusClass: `${Math.floor(status / 100)}xx`,
      Status: status,
      Requests: 1,
      ServerErrors: status >= 500 ? 1 : 0,
      Latency: Math.round(seconds * 1000 * 100) / 100,
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
}
