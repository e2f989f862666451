import { ImageResult, JobStatus, normalizeBox, pendingResults } from '@app/jobs';
import { SqliteJobStore } from '../../libs/jobs/src/adapters/sqlite/sqlite-job-store';

export interface RecordedImage {
  /** Boxes [x1, y1, x2, y2] with their label and class, as a worker would report them. */
  detections?: { label: string; classId: number; confidence: number; bbox: [number, number, number, number] }[];
  width?: number;
  height?: number;
  error?: string;
}

/**
 * Records a job's outcome in the SQLite store exactly as a worker does (start, then the final transition), with
 * results chosen by the test: boxes where a test looks for them, a failed image, text a spreadsheet would run.
 */
export async function recordResults(dataDir: string, jobId: string, images: RecordedImage[]): Promise<void> {
  const store = new SqliteJobStore(`${dataDir}/jobs.sqlite`);
  try {
    const job = await store.get(jobId);
    if (!job) throw new Error(`no job ${jobId}`);
    await store.transition(jobId, {
      to: JobStatus.PROCESSING,
      at: new Date(),
      countAttempt: true,
      initialResults: pendingResults(job.imageUrls),
    });
    const results: ImageResult[] = job.imageUrls.map((imageUrl, imageIndex) => {
      const image = images[imageIndex] ?? {};
      if (image.error)
        return { imageUrl, imageIndex, status: 'failed', detections: [], detectionCount: 0, error: image.error };
      const width = image.width ?? 100;
      const height = image.height ?? 100;
      const detections = (image.detections ?? []).map((d) => ({
        ...d,
        bboxNormalized: normalizeBox(d.bbox, width, height),
      }));
      return {
        imageUrl,
        imageIndex,
        status: 'done',
        detections,
        detectionCount: detections.length,
        width,
        height,
        model: { name: 'ssdlite-mobilenet-v2-coco', version: 'sha256:90e7feae74a6' },
      };
    });
    const failed = results.filter((r) => r.status === 'failed').length;
    await store.transition(jobId, {
      to: failed === results.length ? JobStatus.FAILED : JobStatus.COMPLETED,
      at: new Date(),
      results,
      ...(failed === results.length && { error: 'all images failed' }),
    });
  } finally {
    store.close();
  }
}
