import { setTimeout as sleep } from 'node:timers/promises';
import { dataOf } from './api-request.error';
import type { ImageDetectClient } from './create-client';
import type { components } from './generated/api-schema';

export type JobView = components['schemas']['JobResponse'];

export const FINISHED: ReadonlySet<JobView['status']> = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

/** Polls GET /jobs/{jobId} until the job is COMPLETED, FAILED or CANCELLED, telling `onUpdate` each answer. */
export async function waitForJob(
  client: ImageDetectClient,
  jobId: string,
  options: { intervalMs?: number; timeoutMs?: number; onUpdate?: (job: JobView) => void } = {},
): Promise<JobView> {
  const { intervalMs = 500, timeoutMs = 10 * 60_000, onUpdate } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // Without ?format the route answers the job itself; its schema also lists the coco and csv exports.
    const job = dataOf(
      `GET /jobs/${jobId}`,
      await client.GET('/jobs/{jobId}', { params: { path: { jobId } } }),
    ) as JobView;
    onUpdate?.(job);
    if (FINISHED.has(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} is still ${job.status} after ${timeoutMs / 1000} s`);
    await sleep(intervalMs);
  }
}
