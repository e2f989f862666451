import { JobView } from '@app/client';
import { renderTable } from '@app/core';

/** The job's detections as a table (one row per detection; an image without any gets one row saying so). */
export function printJob(job: JobView, names: string[], out: (line: string) => void): void {
  out(`job ${job.jobId}: ${job.status}${job.error ? ` (${job.error})` : ''}`);
  if (job.options)
    out(
      `model ${job.options.model}, min confidence ${job.options.minConfidence}${job.options.tiling ? ', tiled' : ''}`,
    );
  const rows: Array<Array<string | number>> = [];
  for (const image of job.detections ?? []) {
    const name = names[image.imageIndex] ?? image.imageUrl;
    if (image.error) rows.push([name, 'error', '', image.error]);
    else if (image.detections.length === 0) rows.push([name, '(none)', '', '']);
    for (const d of image.detections) rows.push([name, d.label, d.confidence.toFixed(3), `[${d.bbox.join(', ')}]`]);
  }
  if (rows.length > 0) out(renderTable(['image', 'label', 'confidence', 'box [x1, y1, x2, y2]'], rows));
}

/** A finished job is a failure for the shell when it FAILED or any of its images did. */
export function exitCodeOf(job: JobView): number {
  return job.status === 'COMPLETED' && !(job.detections ?? []).some((image) => image.error) ? 0 : 1;
}
