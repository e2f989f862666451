import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamicModule, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { join } from 'node:path';
import { AppConfig } from '@app/config';
import { OBJECT_STORAGE, ObjectStorage } from '@app/storage';
import { createDynamoDbDocumentClient } from './adapters/dynamodb/dynamodb-client.factory';
import { DynamoDbJobStore } from './adapters/dynamodb/dynamodb-job-store';
import { SqliteJobStore } from './adapters/sqlite/sqlite-job-store';
import { createSqsClient } from './adapters/sqs/sqs-client.factory';
import { SqsJobQueue } from './adapters/sqs/sqs-job-queue';
import { JOB_QUEUE } from './ports/job-queue.port';
import { JOB_RETENTION } from './ports/job-retention.port';
import { JOB_STORE, JobStore } from './ports/job-store.port';
import { SQS_CLIENT } from './jobs.tokens';

/** The storage is where the DynamoDB store keeps results too large for an item. */
export function createJobStore(config: AppConfig, storage: ObjectStorage): JobStore {
  if (config.jobs.mode === 'dynamodb') {
    const { tableName, resultTtlDays } = config.jobs;
    return new DynamoDbJobStore(createDynamoDbDocumentClient(config), storage, {
      tableName: tableName!,
      resultTtlDays,
    });
  }
  return new SqliteJobStore(join(config.dataDir, 'jobs.sqlite'));
}

/** Binds the job store and the jobs queue to the adapters the configuration selects. */
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    const providers: Provider[] = [
      // OBJECT_STORAGE comes from the global StorageModule, which every app imports beside this one.
      {
        provide: JOB_STORE,
        useFactory: (storage: ObjectStorage) => createJobStore(config, storage),
        inject: [OBJECT_STORAGE],
      },
      // SQLite forgets finished jobs through the retention sweep; DynamoDB through its TTL (null here).
      {
        provide: JOB_RETENTION,
        useFactory: (store: JobStore) => (config.jobs.mode === 'sqlite' ? (store as SqliteJobStore) : null),
        inject: [JOB_STORE],
      },
      { provide: SQS_CLIENT, useFactory: () => createSqsClient(config) },
      {
        provide: JOB_QUEUE,
        useFactory: (sqs: SQSClient) => new SqsJobQueue(sqs, config.queue.queueUrl),
        inject: [SQS_CLIENT],
      },
    ];
    return { module: JobsModule, global: true, providers, exports: providers };
  }

  onApplicationShutdown(): void {
    (this.store as Partial<{ close(): void }>).close?.();
    this.sqs.destroy();
  }
}
