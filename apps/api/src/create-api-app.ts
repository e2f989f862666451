import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, jobQueueOptionsOf } from '@app/config';
import { ImageAnnotator, waitForSelfHostedQueue } from '@app/jobs';
import { ApiModule, ApiModuleParts } from './api.module';
import { enableCors } from './http/cors';
import { HTTP_LOGGER, logRequests, type LogWrites } from './http/http-logger';
import { limitJsonShape, MAX_JSON_DEPTH } from './http/json-shape-limit';
import { answerRequestId, requestIdOf } from './http/request-id';
import { acceptRawImageBodies } from './http/raw-image-body';
import { METADATA_MAX_NODES, submitJobShapeProblems } from './jobs/submit-job.shape';
import { EmfRequestMetrics } from './metrics/emf-request-metrics';
import { recordRequestMetrics } from './metrics/request-metrics';
import { setUpSwagger } from './swagger';

/**
 * A request (headers and body) must arrive whole within the timeout, or Node answers 408 and closes the socket: a
 * stalled upload cannot hold a connection and a temp file. Node checks pending requests every
 * connectionsCheckingInterval (30 s by default, which would double the wait), so it checks more often here. A socket
 * silent for twice that long is cut too (a backstop; the 408 comes first).
 */
function requestTimeouts(seconds: number) {
  const ms = seconds * 1000;
  return {
    requestTimeout: ms,
    connectionTimeout: 2 * ms,
    http: { requestTimeout: ms, headersTimeout: ms, connectionsCheckingInterval: Math.min(1000, ms / 4) },
  };
}

export interface ApiAppOptions {
  /**
   * prometheus (default): series served at /metrics, for a long-lived server. emf: CloudWatch Embedded Metric Format
   * lines on stdout, for Lambda, where nothing can scrape an instance and CloudWatch reads the log.
   */
  metrics?: 'prometheus' | 'emf';
  /**
   * Draws GET /jobs/{id}/images/{index}/annotated. Passed in by the server's entry point (main.ts) rather than
   * imported here, so that the Lambda bundle, which starts from this file too, never reaches sharp.
   */
  annotator?: ImageAnnotator;
  /** sync (default) or buffered log writes: see LogWrites. The long-lived server buffers; Lambda must not. */
  logWrites?: LogWrites;
  /** Whether /docs serves Swagger UI (default) besides the document at /docs-json; Lambda ships without its assets. */
  docsUi?: boolean;
  /** When the model manifests are read: at start-up (default) or on first use (Lambda; see ModelsOptions.open). */
  modelManifests?: ApiModuleParts['modelManifests'];
  /** The job messages' batching window (default: JobQueueOptions.sendWindowMs's); 0 on Lambda. */
  jobSendWindowMs?: number;
}

/** Builds the API exactly as it runs everywhere: the HTTP server, the Lambda handler and the e2e tests. */
export async function createApiApp(
  config: AppConfig,
  {
    metrics = 'prometheus',
    annotator,
    logWrites = 'sync',
    docsUi = true,
    modelManifests,
    jobSendWindowMs,
  }: ApiAppOptions = {},
): Promise<NestFastifyApplication> {
  await waitForSelfHostedQueue(jobQueueOptionsOf(config));
  // Imported only here, so that the Lambda bundle (EMF) never evaluates prom-client and can leave it out.
  const prometheus =
    metrics === 'prometheus' ? (await import('./metrics/prometheus-parts')).prometheusParts() : undefined;
  const adapter = new FastifyAdapter({
    bodyLimit: config.api.maxBodyBytes,
    trustProxy: config.api.trustProxy,
    ...requestTimeouts(config.api.requestTimeoutSeconds),
    // The id comes from requestIdOf alone, which checks a caller's X-Request-Id before taking it.
    requestIdHeader: false,
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    ApiModule.forRoot(config, { prometheus, annotator, logWrites, modelManifests, jobSendWindowMs }),
    adapter,
    {
      bufferLogs: true,
      bodyParser: false,
    },
  );
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // First of the hooks: what the others log carries the request id too.
  logRequests(app.getHttpAdapter().getInstance(), app.get(HTTP_LOGGER));
  await enableCors(app, config.api.corsOrigins);
  answerRequestId(app.getHttpAdapter().getInstance());
  recordRequestMetrics(app.getHttpAdapter().getInstance(), prometheus?.requestMetrics ?? new EmfRequestMetrics());
  // Nest's body parsers are off (bodyParser: false): the API takes JSON only, through the shape-limited parser.
  const { maxImagesPerJob } = config.api;
  limitJsonShape(app.getHttpAdapter().getInstance(), {
    maxDepth: MAX_JSON_DEPTH,
    // The largest valid body: the images, the metadata, and a few containers and fields around them.
    maxNodes: maxImagesPerJob + METADATA_MAX_NODES + 16,
    routes: { 'POST /process': (body) => submitJobShapeProblems(body, maxImagesPerJob) },
  });
  acceptRawImageBodies(app.getHttpAdapter().getInstance());
  // Building the OpenAPI document costs ~50 ms of start-up: worth skipping where nobody can reach /docs.
  if (config.api.docs) setUpSwagger(app, { ui: docsUi });
  await app.init();
  return app;
}
