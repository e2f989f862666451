import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, jobQueueOptionsOf } from '@app/config';
import { waitForSelfHostedQueue } from '@app/jobs';
import { ApiModule } from './api.module';
import { limitJsonDepth } from './http/json-depth-limit';
import { acceptRawImageBodies } from './http/raw-image-body';
import { setUpSwagger } from './swagger';

/** Builds the API exactly as it runs everywhere: the HTTP server, the Lambda handler and the e2e tests. */
export async function createApiApp(config: AppConfig): Promise<NestFastifyApplication> {
  await waitForSelfHostedQueue(jobQueueOptionsOf(config));
  const adapter = new FastifyAdapter({ bodyLimit: config.api.maxBodyBytes, trustProxy: config.api.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), adapter, {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Nest's body parsers are off (bodyParser: false): the API takes JSON only, through the depth-limited parser.
  limitJsonDepth(app.getHttpAdapter().getInstance());
  acceptRawImageBodies(app.getHttpAdapter().getInstance());
  // Building the OpenAPI document costs ~50 ms of start-up: worth skipping where nobody can reach /docs.
  if (config.api.docs) setUpSwagger(app);
  await app.init();
  return app;
}
