import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, jobQueueOptionsOf } from '@app/config';
import { waitForSelfHostedQueue } from '@app/jobs';
import { createMetricsRegistry } from '@app/jobs/adapters/prometheus';
import { ApiModule } from './api.module';
import { EmfRequestMetrics } from './metrics/emf-request-metrics';
import { PrometheusRequestMetrics } from './metrics/prometheus-request-metrics';
import { recordRequestMetrics } from './metrics/request-metrics';
import { limitJsonDepth } from './http/json-depth-limit';
import { acceptRawImageBodies } from './http/raw-image-body';
import { setUpSwagger } from './swagger';

export interface ApiAppOptions {
  /**
   * prometheus (default): series served at /metrics, for a long-lived server. emf: CloudWatch Embedded Metric Format
   * lines on stdout, for Lambda, where nothing can scrape an instance and CloudWatch reads the log.
   */
  metrics?: 'prometheus' | 'emf';
}

/** Builds the API exactly as it runs everywhere: the HTTP server, the Lambda handler and the e2e tests. */
export async function createApiApp(
  config: AppConfig,
  { metrics = 'prometheus' }: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  await waitForSelfHostedQueue(jobQueueOptionsOf(config));
  const registry = metrics === 'prometheus' ? createMetricsRegistry('api') : undefined;
  const adapter = new FastifyAdapter({ bodyLimit: config.api.maxBodyBytes, trustProxy: config.api.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, registry), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Nest's body parsers are off (bodyParser: false): the API takes JSON only, through the depth-limited parser.
  recordRequestMetrics(
    app.getHttpAdapter().getInstance(),
    registry ? new PrometheusRequestMetrics(registry) : new EmfRequestMetrics(),
  );
  limitJsonDepth(app.getHttpAdapter().getInstance());
  acceptRawImageBodies(app.getHttpAdapter().getInstance());
  // Building the OpenAPI document costs ~50 ms of start-up: worth skipping where nobody can reach /docs.
  if (config.api.docs) setUpSwagger(app);
  await app.init();
  return app;
}
