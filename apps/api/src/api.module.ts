import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, jobsOptionsOf, storageOptionsOf } from '@app/config';
import {
  CancelJobUseCase,
  GetAnnotatedImageUseCase,
  GetWebhookSecretUseCase,
  GetJobUseCase,
  IMAGE_ANNOTATOR,
  ImageAnnotator,
  JobsModule,
  ListJobsUseCase,
  ListModelsUseCase,
  ModelsOptions,
  RetryJobUseCase,
  SubmitJobUseCase,
} from '@app/jobs';
import { RequestPostUploadUseCase, RequestUploadUseCase, StorageModule } from '@app/storage';
import { ApiKeyVerifier } from '@app/tenants';
import { TENANT_GUARD_CONFIG, TenantGuard } from './auth/tenant.guard';
import { DemoPageController } from './demo-page/demo-page.controller';
import { HealthController } from './health/health.controller';
import type { PrometheusParts } from './metrics/prometheus-parts';
import { AppErrorFilter } from './http/app-error.filter';
import { createHttpLogger, FlushHttpLogOnShutdown, HTTP_LOGGER, httpLoggerParams, LogWrites } from './http/http-logger';
import { createValidationPipe } from './http/validation-pipe';
import { AnnotatedImageController } from './jobs/annotated-image.controller';
import { CancelJobController } from './jobs/cancel-job.controller';
import { RetryJobController } from './jobs/retry-job.controller';
import { GetJobController } from './jobs/get-job.controller';
import { ListJobsController } from './jobs/list-jobs.controller';
import { SubmitJobController } from './jobs/submit-job.controller';
import { ListModelsController } from './models/list-models.controller';
import { PresignPostController } from './uploads/presign-post.controller';
import { PresignUploadController } from './uploads/presign-upload.controller';
import { SelfHostedUploadController } from './uploads/self-hosted-upload.controller';
import { WebhookSecretController } from './webhooks/webhook-secret.controller';
import { UploadVerifier } from './uploads/upload-verifier';

/** What differs between the API's hosts (the HTTP server, Lambda, the OpenAPI export); the rest is configuration. */
export interface ApiModuleParts {
  /** Prometheus series: with them (the HTTP server) the API serves `/metrics`; without (Lambda) it keeps none. */
  prometheus?: Pick<PrometheusParts, 'module' | 'controller'>;
  annotator?: ImageAnnotator;
  logWrites?: LogWrites;
  /** When the model manifests are read (JobsModule's models.open); at start-up unless said otherwise. */
  modelManifests?: ModelsOptions['open'];
  /** How long a job message waits for others to share its SendMessageBatch (JobQueueOptions.sendWindowMs). */
  jobSendWindowMs?: number;
}

/** The HTTP API: uploads, jobs and health. Adapters come from the configuration; routes do not know which. */
@Module({})
export class ApiModule {
  static forRoot(
    config: AppConfig,
    { prometheus, annotator, logWrites = 'sync', modelManifests, jobSendWindowMs }: ApiModuleParts = {},
  ): DynamicModule {
    const jobs = jobsOptionsOf(config);
    const selfHostedStorage = config.storage.mode === 'local';
    const throttled = config.api.rateLimitPerMinute > 0;
    const httpLogger = createHttpLogger(config, logWrites);
    return {
      module: ApiModule,
      imports: [
        LoggerModule.forRoot(httpLoggerParams(httpLogger)),
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: Math.max(1, config.api.rateLimitPerMinute) }]),
        TerminusModule.forRoot({ logger: false }),
        StorageModule.forRoot(storageOptionsOf(config)),
        JobsModule.forRoot({
          ...jobs,
          queue: { ...jobs.queue, sendWindowMs: jobSendWindowMs },
          models: { ...jobs.models, open: modelManifests },
        }),
        ...(prometheus ? [prometheus.module] : []),
      ],
      controllers: [
        PresignUploadController,
        PresignPostController,
        SubmitJobController,
        GetJobController,
        AnnotatedImageController,
        CancelJobController,
        RetryJobController,
        ListJobsController,
        ListModelsController,
        WebhookSecretController,
        HealthController,
        ...(prometheus ? [prometheus.controller] : []),
        ...(selfHostedStorage ? [SelfHostedUploadController] : []),
        ...(config.api.demoPage ? [DemoPageController] : []),
      ],
      providers: [
        // createApiApp hands it to logRequests: the access lines and Nest's lines share one logger and destination.
        { provide: HTTP_LOGGER, useValue: httpLogger },
        FlushHttpLogOnShutdown,
        RequestUploadUseCase,
        RequestPostUploadUseCase,
        SubmitJobUseCase,
        GetJobUseCase,
        GetAnnotatedImageUseCase,
        // Given by the server's entry point; the Lambda's has none (no sharp in its bundle), and the route says 501.
        { provide: IMAGE_ANNOTATOR, useValue: annotator ?? null },
        CancelJobUseCase,
        RetryJobUseCase,
        ListJobsUseCase,
        ListModelsUseCase,
        GetWebhookSecretUseCase,
        ...(selfHostedStorage ? [UploadVerifier] : []),
        { provide: ApiKeyVerifier, useFactory: () => new ApiKeyVerifier(config.auth.apiKeysFile) },
        // First of the guards: an unauthenticated request is refused before it counts against any rate limit.
        { provide: TENANT_GUARD_CONFIG, useValue: { auth: config.auth, api: config.api } },
        { provide: APP_GUARD, useClass: TenantGuard },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AppErrorFilter },
        ...(throttled ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : []),
      ],
    };
  }
}
