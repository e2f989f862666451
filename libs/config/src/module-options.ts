import { join } from 'node:path';
import type { JobQueueOptions, JobsOptions } from '@app/jobs';
import type { StorageOptions } from '@app/storage';
import { AppConfig } from './app-config';

/*
 * The one AppConfig cut into each lib's own options. The apps' root modules hand these slices to each lib's
 * forRoot (StorageModule, JobsModule); no lib reads AppConfig itself.
 */

export function storageOptionsOf(config: AppConfig): StorageOptions {
  const { mode, bucket, maxUploadBytes, uploadUrlExpiresSeconds } = config.storage;
  const limits = { bucket, maxUploadBytes, uploadUrlExpiresSeconds };
  if (mode === 's3') {
    const s3 = {
      region: config.aws.region,
      endpoint: config.aws.endpoints.s3,
      forcePathStyle: config.storage.forcePathStyle,
    };
    return { mode, ...limits, s3 };
  }
  const { dataDir } = config;
  return { mode, ...limits, dataDir, publicUrl: config.api.publicUrl, uploadSecret: config.storage.uploadSecret };
}

export function jobQueueOptionsOf(config: AppConfig): JobQueueOptions {
  const { queue } = config;
  return {
    mode: queue.mode,
    queueUrl: queue.queueUrl,
    client: {
      region: config.aws.region,
      endpoint: queue.endpoint,
      ...(queue.mode === 'self-hosted' && { credentials: queue.selfHosted.credentials }),
    },
    name: queue.selfHosted.name,
    visibilityTimeoutSeconds: queue.visibilityTimeoutSeconds,
    maxReceiveCount: queue.maxReceiveCount,
  };
}

export function jobsOptionsOf(config: AppConfig): JobsOptions {
  const { jobs, storage } = config;
  const client = { region: config.aws.region, endpoint: config.aws.endpoints.dynamodb };
  return {
    models: config.models,
    store:
      jobs.mode === 'dynamodb'
        ? { mode: 'dynamodb', tableName: jobs.tableName!, resultTtlDays: jobs.resultTtlDays, client }
        : { mode: 'sqlite', file: join(config.dataDir, 'jobs.sqlite') },
    queue: jobQueueOptionsOf(config),
    submit: { maxImagesPerJob: config.api.maxImagesPerJob, bucket: storage.bucket },
    process: {
      maxReceiveCount: config.queue.maxReceiveCount,
      maxImageBytes: storage.maxUploadBytes,
      bucket: storage.bucket,
    },
    sweeps: {
      pendingRequeueSeconds: jobs.pendingRequeueSeconds,
      retentionDays: jobs.retentionDays,
      uploadRetentionDays: storage.uploadRetentionDays,
    },
  };
}
