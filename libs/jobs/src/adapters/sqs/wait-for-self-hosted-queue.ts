import { setTimeout as sleep } from 'node:timers/promises';
import { JobQueueOptions } from '../../jobs.options';
import { createSqsClient } from './sqs-client.factory';
import { ensureSelfHostedQueue } from './ensure-self-hosted-queue';
import { NO_ANSWER_ERROR_CODES } from './no-answer';

/** Nobody answered (yet): any answer from the server, even an error, is final. */
function isConnectionError(error: { code?: string; cause?: { code?: string }; errors?: { code?: string }[] }): boolean {
  const codes = [error?.code, error?.cause?.code, ...(error?.errors ?? []).map((e) => e?.code)];
  return codes.some((code) => code !== undefined && NO_ANSWER_ERROR_CODES.has(code));
}

/**
 * Self-hosted, the queue server may start a moment after the API or a worker: wait (up to ~30 s) until it answers
 * and the jobs queue exists, before any consumer polls or producer sends. Runs before the Nest app is built.
 */
export async function waitForSelfHostedQueue(queue: JobQueueOptions, attempts = 20): Promise<void> {
  if (queue.mode !== 'self-hosted') return;
  const sqs = createSqsClient(queue);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureSelfHostedQueue(sqs, queue);
        return;
      } catch (error) {
        if (!isConnectionError(error))
          throw new Error(`could not set up the jobs queue on ${queue.client.endpoint}: ${error.message}`, {
            cause: error,
          });
        if (attempt >= attempts)
          throw new Error(
            `queue server at ${queue.client.endpoint} did not answer (is it running? npm run queue): ${error.message}`,
            { cause: error },
          );
        await sleep(250 * Math.min(attempt, 8));
      }
    }
  } finally {
    sqs.destroy();
  }
}
