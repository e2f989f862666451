import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { loadOrCreateSecret, OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { createdOnFirstUse } from './adapters/aws/created-on-first-use';
import { HttpWebhookSender } from './adapters/http/http-webhook-sender';
import { SqsWebhookQueue } from './adapters/sqs/sqs-webhook-queue';
import { createDynamoDbDocumentClient } from './adapters/dynamodb/dynamodb-client.factory';
import { DynamoDbJobStore } from './adapters/dynamodb/dynamodb-job-store';
import { SqliteJobStore } from './adapters/sqlite/sqlite-job-store';
import { createSqsClient } from './adapters/sqs/sqs-client.factory';
import { SqsJobQueue } from './adapters/sqs/sqs-job-queue';
import { ModelRegistry } from '@app/detection/registry';
import { RegistryModelCatalog } from './adapters/registry/registry-model-catalog';
import { MODEL_CATALOG } from './ports/model-catalog.port';
import {
  JobsOptions,
  JobStoreOptions,
  ModelsOptions,
  PROCESS_JOB_OPTIONS,
  SUBMIT_JOB_OPTIONS,
  SWEEP_OPTIONS,
  WEBHOOK_OPTIONS,
  WebhookOptions,
} from './jobs.options';
import { WEBHOOK_QUEUE } from './ports/webhook-queue.port';
import { WEBHOOK_SENDER } from './ports/webhook-sender.port';
import { JOB_QUEUE } from './ports/job-queue.port';
import { JOB_RETENTION, JobRetention } from './ports/job-retention.port';
import { SQS_CLIENT } from './jobs.tokens';
import { JOB_METRICS, JobMetrics } from './ports/job-metrics.port';
import { JOB_STORE, JobStore } from './ports/job-store.port';
import { ObservedJobStore } from './metrics/observed-job-store';

/** The store `options.mode` selects; the storage is where the DynamoDB store keeps results too large for an item. */
export function createJobStore(options: JobStoreOptions, storage: ObjectStorage): SqliteJobStore | DynamoDbJobStore {
  if (options.mode === 'dynamodb') {
    const { tableName, resultTtlDays } = options;
    const db = createdOnFirstUse(() => createDynamoDbDocumentClient(options.client));
    return new DynamoDbJobStore(db, storage, { tableName, resultTtlDays });
  }
  return new SqliteJobStore(options.file);
}

/**
 * Binds the job store and the jobs queue to the adapters the options select, and hands each use case its own
 * options (SUBMIT_JOB_OPTIONS, PROCESS_JOB_OPTIONS). The stores close themselves at shutdown (their own
 * OnApplicationShutdown); the SQS client, shared by the producer, the worker's consumers and health checks, is
 * closed here.
 */
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Inject(SQS_CLIENT) private readonly sqs: SQSClient) {}

  static forRoot(options: JobsOptions): DynamicModule {
    const webhooks = resolveWebhookSecret(options.webhooks);
    const providers: Provider[] = [
      // OBJECT_STORAGE comes from the global StorageModule, which every app imports beside this one.
      {
        provide: JOB_STORE,
        // JOB_METRICS, when an app binds it (globally), sees every status the store writes.
        useFactory: (storage: ObjectStorage, metrics?: JobMetrics) => {
          const store = createJobStore(options.store, storage);
          return metrics ? new ObservedJobStore(store, metrics) : store;
        },
        inject: [OBJECT_STORAGE, { token: JOB_METRICS, optional: true }],
      },
      // SQLite forgets finished jobs through the retention sweep; DynamoDB through its TTL (null here).
      {
        provide: JOB_RETENTION,
        useFactory: (bound: JobStore): JobRetention | null => {
          const store = bound instanceof ObservedJobStore ? bound.inner : bound;
          return store instanceof SqliteJobStore
            ? { deleteFinishedBefore: (before) => store.deleteFinishedBefore(before) }
            : null;
        },
        inject: [JOB_STORE],
      },
      { provide: SQS_CLIENT, useFactory: () => createdOnFirstUse(() => createSqsClient(options.queue)) },
      {
        provide: JOB_QUEUE,
        useFactory: (sqs: SQSClient) => new SqsJobQueue(sqs, options.queue.queueUrl, options.queue.sendWindowMs),
        inject: [SQS_CLIENT],
      },
      ...modelRegistryProviders(options.models),
      {
        provide: WEBHOOK_QUEUE,
        useFactory: (sqs: SQSClient) => new SqsWebhookQueue(sqs, webhooks.queueUrl),
        inject: [SQS_CLIENT],
      },
      {
        provide: WEBHOOK_SENDER,
        useFactory: () =>
          new HttpWebhookSender({
            timeoutMs: webhooks.timeoutSeconds * 1000,
            allowPrivate: webhooks.allowPrivate,
            httpsOnly: webhooks.httpsOnly,
          }),
      },
      { provide: WEBHOOK_OPTIONS, useValue: webhooks },
      {
        provide: SUBMIT_JOB_OPTIONS,
        useValue: {
          ...options.submit,
          webhooksEnabled: !!(webhooks.signingSecret || webhooks.secretArn),
          callbackHttpsOnly: webhooks.httpsOnly,
        },
      },
      { provide: PROCESS_JOB_OPTIONS, useValue: options.process },
      { provide: SWEEP_OPTIONS, useValue: options.sweeps },
    ];
    return { module: JobsModule, global: true, providers, exports: providers };
  }

  onApplicationShutdown(): void {
    this.sqs.destroy();
  }
}

/**
 * The registry (manifests only) and the catalog on it. At start-up the registry is read while the app starts (a bad
 * manifest stops it, naming its file and field) and is injectable (the worker's detector takes it); on first use
 * only the catalog exists, and it opens the registry when a request first needs it. Rescanned on demand either way.
 */
function modelRegistryProviders(models: ModelsOptions): Provider[] {
  const open = () =>
    ModelRegistry.open({ shippedDir: models.shippedDir, userDir: models.userDir, defaultModel: models.defaultModel });
  if (models.open === 'on-first-use')
    return [{ provide: MODEL_CATALOG, useFactory: () => new RegistryModelCatalog(open, models.defaults) }];
  return [
    { provide: ModelRegistry, useFactory: open },
    {
      provide: MODEL_CATALOG,
      useFactory: (registry: ModelRegistry) => new RegistryModelCatalog(registry, models.defaults),
      inject: [ModelRegistry],
    },
  ];
}

/** The master signing secret: configured, or (self-hosted) generated once under DATA_DIR and kept there. */
function resolveWebhookSecret(options: WebhookOptions): WebhookOptions {
  const { signingSecret, secretDir } = options;
  if (signingSecret || !secretDir) return options;
  return { ...options, signingSecret: loadOrCreateSecret(secretDir, 'webhook-secret') };
}
