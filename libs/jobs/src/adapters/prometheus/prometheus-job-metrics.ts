import { Counter, Histogram, Registry } from 'prom-client';
import { JobStatus } from '../../domain/job-status';
import { DetectionTimings, ImageOutcomeKind, JobMetrics } from '../../ports/job-metrics.port';

/** Seconds: decode of a small photo is milliseconds, a 100 MP one or a wait for the decode budget seconds. */
const TIMING_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** JobMetrics as Prometheus series in one registry (one per app, so that tests can run several apps at once). */
export class PrometheusJobMetrics implements JobMetrics {
  private readonly transitions: Counter<'status'>;
  private readonly images: Counter<'outcome'>;
  private readonly decode: Histogram;
  private readonly inference: Histogram;

  constructor(registry: Registry) {
    this.transitions = new Counter({
      name: 'image_detection_job_transitions_total',
      help: 'Jobs stored in or moved to each status by this process',
      labelNames: ['status'],
      registers: [registry],
    });
    this.images = new Counter({
      name: 'image_detection_images_processed_total',
      help: 'Images processed by this worker, by outcome (ok: detections recorded; failed: an error for that image)',
      labelNames: ['outcome'],
      registers: [registry],
    });
    this.decode = new Histogram({
      name: 'image_detection_decode_seconds',
      help: 'Header check, decode and resize of one image, including the wait for the decode budget',
      buckets: TIMING_BUCKETS,
      registers: [registry],
    });
    this.inference = new Histogram({
      name: 'image_detection_inference_seconds',
      help: 'ONNX inference of one image, including the wait for a free inference thread',
      buckets: TIMING_BUCKETS,
      registers: [registry],
    });
    // Every series exists from the first scrape: rate() over a series that appears late misses its first count.
    for (const status of Object.values(JobStatus)) this.transitions.inc({ status }, 0);
    for (const outcome of ['ok', 'failed'] as const) this.images.inc({ outcome }, 0);
  }

  jobTransitioned(status: JobStatus): void {
    this.transitions.inc({ status });
  }

  imageProcessed(outcome: ImageOutcomeKind): void {
    this.images.inc({ outcome });
  }

  detectionTimed({ decodeSeconds, inferenceSeconds }: DetectionTimings): void {
    this.decode.observe(decodeSeconds);
    this.inference.observe(inferenceSeconds);
  }
}
