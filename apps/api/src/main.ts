import 'reflect-metadata';
import { loadConfig } from '@app/config';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
  const url = await app.getUrl();
  console.log(
    `API listening on ${url} (docs: ${url}/docs, storage: ${config.storage.mode}, jobs: ${config.jobs.mode}, queue: ${config.queue.queueUrl})`,
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
