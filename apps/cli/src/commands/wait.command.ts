import { waitForJob } from '@app/client';
import { CliContext } from '../cli-context';
import { Progress } from '../output/progress';
import { exitCodeOf, printJob } from './print-job';

const STATUS_PROGRESS = { PENDING: 0.2, PROCESSING: 0.6, COMPLETED: 1, FAILED: 1 } as const;

/** `image-detect wait ID`: follow a job until it finishes, then print it like detect does. */
export async function wait(ctx: CliContext, jobId: string, options: { timeout: number }): Promise<number> {
  const progress = new Progress();
  try {
    const job = await waitForJob(ctx.client, jobId, {
      timeoutMs: options.timeout * 1000,
      onUpdate: (j) => progress.update(STATUS_PROGRESS[j.status], `job ${j.jobId} ${j.status}`),
    });
    progress.done();
    printJob(job, [], ctx.out);
    return exitCodeOf(job);
  } finally {
    progress.done();
  }
}
