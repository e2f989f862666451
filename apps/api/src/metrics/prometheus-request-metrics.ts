import { Counter, Histogram, Registry } from 'prom-client';
import { RequestMetricsSink, RequestRecord } from './request-metrics';

type Labels = 'method' | 'route' | 'status';

/** Requests by route pattern and status, with their latency, as Prometheus series. */
export class PrometheusRequestMetrics implements RequestMetricsSink {
  private readonly requests: Counter<Labels>;
  private readonly duration: Histogram<Labels>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'image_detection_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'image_detection_http_request_duration_seconds',
      help: 'Time from request to response, by method, route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
  }

  record({ method, route, status, seconds }: RequestRecord): void {
    const labels = { method, route, status: String(status) };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }
}
