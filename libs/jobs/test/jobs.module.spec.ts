import { Test } from '@nestjs/testing';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSqsServer, type SqsServer } from '@app/sqs-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobsOptionsOf, storageOptionsOf } from '@app/config';
import { REPO_ROOT, tempDataDir, testConfig } from '../../../test/support/test-env';
import { StorageModule } from '../../storage/src/storage.module';
import { newJob } from '../src/domain/job';
import { AppError } from '@app/core';
import { JobsModule } from '../src/jobs.module';
import {
  GetWebhookSecretQuery,
  GetWebhookSecretUseCase,
} from '../src/use-cases/webhook-secret/webhook-secret.use-case';
import { PROCESS_JOB_OPTIONS, SUBMIT_JOB_OPTIONS, WEBHOOK_OPTIONS } from '../src/jobs.options';
import { JOB_STORE, JobStore } from '../src/ports/job-store.port';
import { MODEL_CATALOG, ModelCatalog } from '../src/ports/model-catalog.port';

describe('JobsModule', () => {
  const data = tempDataDir('jobs-module');
  let server: SqsServer;
  beforeAll(async () => {
    server = await startSqsServer({ dataDir: data.dir, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    data.remove();
  });

  const compile = () => {
    const config = testConfig({ DATA_DIR: data.dir, QUEUE_PORT: server.port, MAX_IMAGES_PER_JOB: 7 });
    return Test.createTestingModule({
      imports: [StorageModule.forRoot(storageOptionsOf(config)), JobsModule.forRoot(jobsOptionsOf(config))],
    }).compile();
  };

  it('when built from the config, then each use case gets its own slice of options', async () => {
    const app = await compile();
    // Self-hosted: a webhook signing secret is generated in DATA_DIR, so callbackUrl is accepted (http or https).
    expect(app.get(SUBMIT_JOB_OPTIONS)).toEqual({
      maxImagesPerJob: 7,
      bucket: 'image-processing-uploads',
      webhooksEnabled: true,
      callbackHttpsOnly: false,
    });
    expect(app.get(WEBHOOK_OPTIONS)).toMatchObject({
      queueUrl: `http://127.0.0.1:${server.port}/000000000000/image-processing-queue-webhooks`,
      signingSecret: readFileSync(join(data.dir, 'webhook-secret'), 'utf8'),
      timeoutSeconds: 5,
      allowPrivate: false,
      httpsOnly: false,
      retrySeconds: 86400,
      backoffBaseSeconds: 5,
      backoffMaxSeconds: 900,
    });
    expect(app.get(PROCESS_JOB_OPTIONS)).toEqual({
      maxReceiveCount: 5,
      maxImageBytes: 20 * 1024 * 1024,
      bucket: 'image-processing-uploads',
    });
    await app.close();
  });

  it('when only WEBHOOK_SECRET_ARN is given (the AWS API function), then callbackUrl is accepted and GET /webhooks/secret says where the secret is', async () => {
    const config = testConfig({ DATA_DIR: data.dir, QUEUE_PORT: server.port });
    const arn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:image-detection-webhooks-AbCdEf';
    const options = jobsOptionsOf(config);
    const app = await Test.createTestingModule({
      imports: [
        StorageModule.forRoot(storageOptionsOf(config)),
        JobsModule.forRoot({
          ...options,
          webhooks: { ...options.webhooks, signingSecret: undefined, secretDir: undefined, secretArn: arn },
        }),
      ],
    }).compile();
    expect(app.get(SUBMIT_JOB_OPTIONS)).toMatchObject({ webhooksEnabled: true });
    const secretOf = () =>
      new GetWebhookSecretUseCase(app.get(WEBHOOK_OPTIONS)).execute(new GetWebhookSecretQuery('acme'));
    expect(secretOf).toThrow(AppError);
    expect(secretOf).toThrow(new RegExp(`Secrets Manager \\(${arn}\\).*webhook-secret --tenant acme`));
    await app.close();
  });

  it('when the manifests are read on first use (the Lambda API) and one is broken, then the module starts, the first use names the file, and the next use after the fix lists the models', async () => {
    const models = join(data.dir, 'own-models');
    mkdirSync(join(models, 'mine', '1'), { recursive: true });
    const manifest = join(models, 'mine', '1', 'model.json');
    writeFileSync(manifest, '{ not json');
    const config = testConfig({ DATA_DIR: data.dir, QUEUE_PORT: server.port, MODELS_DIR: models });
    const options = jobsOptionsOf(config);
    const app = await Test.createTestingModule({
      imports: [
        StorageModule.forRoot(storageOptionsOf(config)),
        JobsModule.forRoot({ ...options, models: { ...options.models, open: 'on-first-use' } }),
      ],
    }).compile();
    const catalog = app.get<ModelCatalog>(MODEL_CATALOG);
    await expect(catalog.list()).rejects.toThrow(manifest);
    // A model of one's own under another name than the shipped ones: ssdlite's manifest, renamed.
    const ssdlite = JSON.parse(readFileSync(join(REPO_ROOT, 'models/ssdlite/1/model.json'), 'utf8'));
    writeFileSync(manifest, JSON.stringify({ ...ssdlite, name: 'mine' }));
    expect((await catalog.list()).map((model) => model.ref)).toContain('mine@1');
    await app.close();
  });

  it('when the app shuts down, then the SQLite store is closed by its lifecycle hook', async () => {
    const app = await compile();
    const store = app.get<JobStore>(JOB_STORE);
    await store.create(newJob({ jobId: 'before-close', imageUrls: ['s3://b/uploads/a.png'] }, new Date()));
    await app.close();
    await expect(store.get('before-close')).rejects.toThrow(/database connection is not open/);
  });
});
