import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { join } from 'node:path';
import { AppConfig, jobsOptionsOf } from '@app/config';
import { ModelRegistry, ObjectDetector } from '@app/detection';
import { startSqsServer } from '@app/sqs-server';
import { FileObjectStorage } from '../../../storage/src/local/file-object-storage';
import { testConfig, tempDataDir } from '../../../../test/support/test-env';
import { RegistryModelCatalog } from '../../src/adapters/registry/registry-model-catalog';
import { OnnxImageDetector } from '../../src/adapters/onnx/onnx-image-detector';
import { SqliteJobStore } from '../../src/adapters/sqlite/sqlite-job-store';
import { createSqsClient } from '../../src/adapters/sqs/sqs-client.factory';
import { SqsJobQueue } from '../../src/adapters/sqs/sqs-job-queue';

/**
 * The real parts the job use cases run on, self-hosted: a SQLite store, file storage and a queue server, all in
 * one temp dir. No Nest: the use cases are constructed by hand.
 */
export async function startUseCaseParts(label: string, env: Record<string, string | number> = {}) {
  const data = tempDataDir(label);
  const server = await startSqsServer({ dataDir: data.dir, port: 0 });
  const config: AppConfig = testConfig({ DATA_DIR: data.dir, QUEUE_PORT: server.port, ...env });
  const options = jobsOptionsOf(config);
  const sqs = createSqsClient(options.queue);
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: config.queue.selfHosted.name }));
  const store = new SqliteJobStore(join(data.dir, 'jobs.sqlite'));
  const storage = new FileObjectStorage({
    rootDir: join(data.dir, 'objects'),
    bucket: config.storage.bucket,
    publicUrl: config.api.publicUrl,
    uploadSecret: 'a-test-secret-that-is-long-enough-0123456789',
  });
  const queue = new SqsJobQueue(sqs, QueueUrl!);
  return {
    config,
    /** The jobs lib's own options, as the apps cut them from the config. */
    options,
    dataDir: data.dir,
    server,
    store,
    storage,
    queue,
    /** s3:// URL of an object of the configured bucket. */
    url: (key: string) => `s3://${config.storage.bucket}/${key}`,
    /** Messages waiting or in flight on the jobs queue. */
    async queuedMessages(): Promise<number> {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
      );
    },
    /** Takes every waiting message off the queue and returns their bodies. */
    async drainBodies(): Promise<string[]> {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
      );
      for (const m of Messages) await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
      return Messages.map((m) => m.Body!);
    },
    async close() {
      sqs.destroy();
      await server.close();
      store.close();
      data.remove();
    },
  };
}

export type UseCaseParts = Awaited<ReturnType<typeof startUseCaseParts>>;

/** The worker's ONNX adapter (libs/jobs/src/adapters/onnx) behind the jobs' ImageDetector port, on one inference thread. */
export async function createTestDetector(config: AppConfig): Promise<OnnxImageDetector> {
  const registry = await ModelRegistry.open(jobsOptionsOf(config).models);
  return new OnnxImageDetector(await ObjectDetector.create({ registry, poolSize: 1 }));
}

/** The API's model catalog on the configured registry (the shipped models). */
export async function modelCatalog(parts: Pick<UseCaseParts, 'options'>): Promise<RegistryModelCatalog> {
  const { models } = parts.options;
  return new RegistryModelCatalog(await ModelRegistry.open(models), models.defaults);
}
