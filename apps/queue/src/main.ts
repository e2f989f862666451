import { loadQueueServerConfig, type QueueServerConfig } from '@app/config';
import { startSqsServer } from '@app/sqs-server';

const consoleLogger = {
  info: (message: string) => console.log(message),
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

async function main(): Promise<void> {
  let env: QueueServerConfig;
  try {
    env = loadQueueServerConfig(process.env);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  const server = await startSqsServer({ ...env, logger: consoleLogger });
  console.log(
    `queue: SQS-compatible server listening on ${server.endpoint} (account ${env.accountId}, region ${env.region}, data ${env.dataDir})`,
  );
  console.log(`queue: queue URLs look like ${env.baseUrl ?? server.endpoint}/${env.accountId}/<name>`);
  console.log(
    env.accessKeyId
      ? `queue: requests must be signed (SigV4) with access key ${env.accessKeyId}`
      : 'queue: signatures are not checked (set QUEUE_ACCESS_KEY_ID and QUEUE_SECRET_ACCESS_KEY to require them)',
  );
  if (!env.accessKeyId && !['127.0.0.1', 'localhost', '::1'].includes(env.host))
    console.warn(
      `queue: warning: listening on ${env.host} without a key pair: anyone who reaches this port can use every queue`,
    );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`queue: ${signal} received, closing`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error) => {
  console.error(`queue: failed to start: ${error?.message ?? error}`);
  process.exit(1);
});
