import { SQSClient } from '@aws-sdk/client-sqs';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@app/config';
import { SqliteJobStore } from '../../libs/jobs/src/adapters/sqlite/sqlite-job-store';
import { SqsServer, startSqsServer } from '@app/sqs-server';
import { ApiAppOptions, createApiApp } from '../../apps/api/src/create-api-app';
import { messagesIn } from './queue-depth';
import { freePort, testConfig, tempDataDir } from './test-env';

/** A real queue server and a data dir, with the config that points the apps at them. */
export async function startSelfHostedBackend(label: string, env: Record<string, string | number> = {}) {
  const data = tempDataDir(label);
  const queue: SqsServer = await startSqsServer({ dataDir: data.dir, port: 0 });
  const config: AppConfig = testConfig({
    DATA_DIR: data.dir,
    QUEUE_PORT: queue.port,
    PORT: await freePort(),
    WORKER_HEALTH_PORT: 0,
    ...env,
  });
  const sqs = new SQSClient({
    region: 'us-east-1',
    endpoint: queue.endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  return {
    config,
    queue,
    sqs,
    dataDir: data.dir,
    /** Messages waiting or in flight on the jobs queue. */
    queuedMessages: (): Promise<number> => messagesIn(sqs, config.queue.queueUrl),
    /** A user's jobs in the SQLite store, read through a second connection as another process would. */
    async storedJobs(userId: string, tenantId = 'default'): Promise<number> {
      const store = new SqliteJobStore(`${data.dir}/jobs.sqlite`);
      try {
        return (await store.listByUser({ tenantId, userId }, { limit: 100 })).items.length;
      } finally {
        store.close();
      }
    },
    async close() {
      sqs.destroy();
      await queue.close();
      data.remove();
    },
  };
}

/** The real API over HTTP, on the port its config names (so presigned URLs point at it). */
export async function startApi(
  config: AppConfig,
  options: ApiAppOptions = {},
): Promise<{ app: NestFastifyApplication; url: string }> {
  const app = await createApiApp(config, options);
  await app.listen(config.api.port, '127.0.0.1');
  return { app, url: await app.getUrl() };
}
