import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import { AppConfig, jobQueueOptionsOf } from '@app/config';
import { waitForSelfHostedQueue } from '@app/jobs';
import { ConsumerDrain } from './consumer-drain';
import { WorkerModule } from './worker.module';

/** Builds the worker app: the queue consumer plus a small HTTP server for its health check. */
export async function createWorkerApp(config: AppConfig): Promise<NestFastifyApplication> {
  await waitForSelfHostedQueue(jobQueueOptionsOf(config));
  const app = await NestFactory.create<NestFastifyApplication>(WorkerModule.forRoot(config), new FastifyAdapter(), {
    bufferLogs: true,
    // A failed start (a model that fails its checksum, a store that cannot open) is thrown to the caller, which
    // prints it and exits, instead of Nest aborting the process.
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  return app;
}

/** Graceful stop: drain the consumer first (finish in-flight jobs), then close the app (detector, store, clients). */
export async function shutDownWorker(app: NestFastifyApplication, reason = 'shutdown'): Promise<void> {
  await app.get(ConsumerDrain).drain(reason);
  await app.close();
}
