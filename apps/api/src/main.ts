import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { Logger as PinoLogger } from 'pino';
import { loadConfig } from '@app/config';
import { SharpImageAnnotator } from '@app/jobs/adapters/sharp';
import { ApiKeyVerifier } from '@app/tenants';
import { startUpCheck } from './auth/open-access';
import { createApiApp } from './create-api-app';
import { HTTP_LOGGER } from './http/http-logger';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before anything listens: an API that anyone on the network could call must be asked for explicitly.
  const { refuse, warn } = startUpCheck(config, new ApiKeyVerifier(config.auth.apiKeysFile).hasKeys());
  if (refuse) throw new Error(refuse);
  // A long-lived server: log lines written under load coalesce (see LogWrites).
  const app = await createApiApp(config, { annotator: new SharpImageAnnotator(), logWrites: 'buffered' });
  await app.listen(config.api.port, config.api.host);
  if (warn) console.warn(warn);
  const url = await app.getUrl();
  // Through the app's logger, so a non-terminal stdout carries only JSON lines.
  new Logger('Api').log(
    `API listening on ${url} (docs: ${url}/docs, storage: ${config.storage.mode}, jobs: ${config.jobs.mode}, queue: ${config.queue.queueUrl})`,
  );
  // Out now, not with the next buffered write: whoever started the server waits for this line.
  app.get<PinoLogger>(HTTP_LOGGER).flush();
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
