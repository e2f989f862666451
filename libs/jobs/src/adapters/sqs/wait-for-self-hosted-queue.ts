import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '@app/config';
import { createSqsClient } from './sqs-client.factory';
import { ensureSelfHostedQueue } from './ensure-self-hosted-queue';

/**
 * Self-hosted, the queue server may start a moment after the API or a worker: wait (up to ~30 s) until it answers
 * and the jobs queue exists, before any consumer polls or producer sends. Runs before the Nest app is built.
 */
export async function waitForSelfHostedQueue(config: AppConfig, attempts = 20): Promise<void> {
  if (config.queue.mode !== 'self-hosted') return;
  const sqs = createSqsClient(config);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureSelfHostedQueue(sqs, config);
        return;
      } catch (error) {
        if (attempt >= attempts) throw new Error(`queue server at ${config.queue.endpoint} did not answer (is it running? npm run queue): ${error.message}`);
        await sleep(250 * Math.min(attempt, 8));
      }
    }
  } finally {
    sqs.destroy();
  }
}
