import { dataOf } from '@app/client';
import { CliContext } from '../cli-context';
import { renderTable } from '@app/core';

/** `image-detect jobs`: a user's jobs, newest first. */
export async function listJobs(ctx: CliContext, options: { user: string; limit: number }): Promise<number> {
  const page = dataOf(
    'GET /jobs',
    await ctx.client.GET('/jobs', { params: { query: { userId: options.user, limit: options.limit } } }),
  );
  if (page.items.length === 0) {
    ctx.out(`no jobs for user ${options.user}`);
    return 0;
  }
  const rows = page.items.map((job) => [
    job.jobId,
    job.status,
    job.imageCount,
    (job.detections ?? []).reduce((sum, image) => sum + image.detections.length, 0),
    job.createdAt,
  ]);
  ctx.out(renderTable(['job', 'status', 'images', 'detections', 'created'], rows));
  if (page.nextCursor) ctx.out(`(more: newest ${page.items.length} shown)`);
  return 0;
}
