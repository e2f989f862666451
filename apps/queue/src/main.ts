import { loadQueueServerConfig, type QueueServerConfig } from '@app/config';
import { createLogger } from '@app/core';
import { startSqsServer } from '@app/sqs-server';

async function main(): Promise<void> {
  let env: QueueServerConfig;
  try {
    env = loadQueueServerConfig(process.env);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
  // The same pino logs as the API and the worker: readable on a terminal, JSON lines otherwise.
  const log = createLogger('queue', env.logLevel);
  const server = await startSqsServer({
    ...env,
    logger: { info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
  });
  log.info(
    `SQS-compatible server listening on ${server.endpoint} (region ${env.region}, data ${env.dataDir}); ` +
      `queue URLs look like ${env.baseUrl ?? server.endpoint}/${env.accountId}/<name>`,
  );
  log.info(
    env.accessKeyId
      ? `requests must be signed (SigV4) with access key ${env.accessKeyId}`
      : 'signatures are not checked (set QUEUE_ACCESS_KEY_ID and QUEUE_SECRET_ACCESS_KEY to require them)',
  );
  if (!env.accessKeyId && !['127.0.0.1', 'localhost', '::1'].includes(env.host))
    log.warn(`listening on ${env.host} without a key pair: anyone who reaches this port can use every queue`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, closing`);
    server.close().then(
      () => process.exit(0),
      (error) => {
        log.error({ err: error }, 'could not close cleanly');
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
