import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@app/config';
import { ModelIntegrityError } from '@app/jobs/adapters/onnx';
import { createWorkerApp, shutDownWorker } from './create-worker-app';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createWorkerApp(config);
  // Our own signal handling, not Nest's shutdown hooks: in-flight jobs must finish before anything is torn down.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      shutDownWorker(app, signal).then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
  await app.listen(config.worker.healthPort, config.worker.host);
  new Logger('Worker').log(
    `worker consuming ${config.queue.queueUrl} with ${config.worker.inferenceThreads} inference thread(s), ` +
      `${config.worker.concurrency} job(s) at a time; health on ${await app.getUrl()}/health`,
  );
}

main().catch((error) => {
  if (error instanceof ModelIntegrityError)
    console.error(
      `${error.message}: the default model's file is not the one its model.json names. Put the right file in ` +
        'place, fix the manifest\'s "sha256", or set "skipChecksum": true for a model of your own.',
    );
  else console.error(error.message ?? error);
  process.exit(1);
});
