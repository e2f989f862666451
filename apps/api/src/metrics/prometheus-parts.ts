import { DynamicModule, Module, Type } from '@nestjs/common';
import { createMetricsRegistry, JOB_METRICS, PrometheusJobMetrics, Registry } from '@app/jobs/adapters/prometheus';
import { METRICS_REGISTRY, MetricsController } from './metrics.controller';
import { PrometheusRequestMetrics } from './prometheus-request-metrics';
import { RequestMetricsSink } from './request-metrics';

/** Registers the Prometheus registry (the HTTP server) globally, so that JobsModule's store reports to it. */
@Module({})
class PrometheusModule {
  static forRoot(registry: Registry): DynamicModule {
    const providers = [
      { provide: METRICS_REGISTRY, useValue: registry },
      { provide: JOB_METRICS, useValue: new PrometheusJobMetrics(registry) },
    ];
    return { module: PrometheusModule, global: true, providers, exports: providers };
  }
}

/** What the API needs to keep Prometheus series and serve them at /metrics. */
export interface PrometheusParts {
  module: DynamicModule;
  controller: Type;
  requestMetrics: RequestMetricsSink;
}

/**
 * The API's Prometheus registry and what reports to it. Imported only where metrics are Prometheus (a dynamic
 * import in createApiApp): the Lambda API reports through EMF lines and its bundle leaves prom-client out.
 */
export function prometheusParts(): PrometheusParts {
  const registry = createMetricsRegistry('api');
  return {
    module: PrometheusModule.forRoot(registry),
    controller: MetricsController,
    requestMetrics: new PrometheusRequestMetrics(registry),
  };
}
