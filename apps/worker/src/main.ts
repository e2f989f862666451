import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createWorkerApp } from './create-worker-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createWorkerApp(config);
  await app.listen(config.worker.healthPort, config.api.host);
  console.log(
    `worker consuming ${config.queue.queueUrl} with ${config.worker.inferenceThreads} inference thread(s), ` +
      `${config.worker.concurrency} job(s) at a time; health on ${await app.getUrl()}/health`,
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
