import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { createApiApp } from './create-api-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen(config.api.port, config.api.host);
  const url = await app.getUrl();
  // Through the app's logger, so a non-terminal stdout carries only JSON lines.
  new Logger('Api').log(
    `API listening on ${url} (docs: ${url}/docs, storage: ${config.storage.mode}, jobs: ${config.jobs.mode}, queue: ${config.queue.queueUrl})`,
  );
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
