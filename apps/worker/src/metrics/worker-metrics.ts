import { DynamicModule, Module } from '@nestjs/common';
import { Histogram } from 'prom-client';
import { JOB_METRICS } from '@app/jobs';
import { createMetricsRegistry, PrometheusJobMetrics, Registry } from '@app/jobs/adapters/prometheus';

/** The worker's registry and the one series only the queue transport can see. */
export class WorkerMetrics {
  readonly registry: Registry = createMetricsRegistry('worker');
  readonly jobs = new PrometheusJobMetrics(this.registry);
  private readonly receiveLag = new Histogram({
    name: 'image_detection_queue_receive_lag_seconds',
    help: 'From a job message being sent (SentTimestamp) to this worker receiving it: how long jobs wait for a worker',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
    registers: [this.registry],
  });

  /** `sentTimestamp`: the message's SentTimestamp attribute (epoch milliseconds, as a string), when the queue sent one. */
  messageReceived(sentTimestamp: string | undefined, now = Date.now()): void {
    const sentAt = Number(sentTimestamp);
    // Clocks of the queue and the worker may differ by a little: a negative lag is reported as none.
    if (sentTimestamp && Number.isFinite(sentAt)) this.receiveLag.observe(Math.max(0, now - sentAt) / 1000);
  }
}

/** Global, so that JobsModule's store reports every status it writes to the worker's registry. */
@Module({})
export class WorkerMetricsModule {
  static forRoot(): DynamicModule {
    const metrics = new WorkerMetrics();
    const providers = [
      { provide: WorkerMetrics, useValue: metrics },
      { provide: JOB_METRICS, useValue: metrics.jobs },
    ];
    return { module: WorkerMetricsModule, global: true, providers, exports: providers };
  }
}
