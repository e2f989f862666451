import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { contentTypeOf, dataOf, type JobView, uploadImage, waitForJob } from '@app/client';
import { CliContext } from '../cli-context';
import { Progress } from '../output/progress';
import { Feature, requireFeatures, UnsupportedFeatureError } from '../server-features';
import { exitCodeOf, printJob } from './print-job';

export interface DetectOptions {
  model?: string;
  /** Ask for tiled inference (`tiling: true`). */
  tiling?: boolean;
  annotate?: string;
  /** Print the detections as the server exports them (GET /jobs/{id}?format=…) instead of the table. */
  format?: 'coco' | 'csv';
  user?: string;
  timeout: number;
}

/** Share of the bar the uploads take; the rest follows the job's status. */
const UPLOAD_SHARE = 0.5;
const STATUS_PROGRESS = { PENDING: 0.6, PROCESSING: 0.8, COMPLETED: 1, FAILED: 1, CANCELLED: 1 } as const;

/** `image-detect detect photo.jpg [more…]`: upload, submit one job, follow it, print what was found. */
export async function detect(ctx: CliContext, files: string[], options: DetectOptions): Promise<number> {
  const images = files.map((path) => {
    const contentType = contentTypeOf(path);
    if (!contentType)
      throw new Error(`${path}: not an image type the server accepts (jpg, jpeg, png, webp, gif, tif, tiff, avif)`);
    return { path, filename: basename(path), contentType };
  });
  const wanted: Feature[] = [
    ...(options.model ? ['model' as const] : []),
    ...(options.tiling ? ['tiling' as const] : []),
    ...(options.annotate ? ['annotate' as const] : []),
    ...(options.format ? ['format' as const] : []),
  ];
  await requireFeatures(ctx.server, wanted, ctx.apiKey ? { 'x-api-key': ctx.apiKey } : {});
  if (options.model) await requireModel(ctx, options.model);

  const progress = new Progress();
  try {
    const imageUrls: string[] = [];
    for (const [i, image] of images.entries()) {
      progress.update((i / images.length) * UPLOAD_SHARE, `uploading ${image.filename} (${i + 1}/${images.length})`);
      const bytes = await readFile(image.path).catch((error) => {
        throw new Error(`${image.path}: cannot read it (${error.code ?? error.message})`);
      });
      imageUrls.push(await uploadImage(ctx.client, { ...image, bytes }));
    }
    progress.update(UPLOAD_SHARE, `submitting ${images.length} image(s)`);
    const submitted = dataOf(
      'POST /process',
      await ctx.client.POST('/process', {
        body: {
          imageUrls,
          ...(options.user && { userId: options.user }),
          ...(options.model && { model: options.model }),
          ...(options.tiling && { tiling: true }),
          metadata: { source: 'image-detect-cli' },
        },
      }),
    );
    const job = await waitForJob(ctx.client, submitted.jobId, {
      timeoutMs: options.timeout * 1000,
      onUpdate: (j) => progress.update(STATUS_PROGRESS[j.status], `job ${j.jobId} ${j.status}`),
    });
    progress.done();
    if (options.format) await printExport(ctx, job.jobId, options.format);
    else
      printJob(
        job,
        images.map((i) => i.filename),
        ctx.out,
      );
    if (options.annotate) await saveAnnotated(ctx, job, options.annotate);
    return exitCodeOf(job);
  } finally {
    progress.done();
  }
}

/** Stops before any upload when the server has no such model ("name" or "name@version"), naming those it has. */
async function requireModel(ctx: CliContext, model: string): Promise<void> {
  const { models } = dataOf('GET /models', await ctx.client.GET('/models'));
  const offered = models.some((m) => m.name === model || m.ref === model);
  if (!offered) {
    const names = [...new Set(models.map((m) => m.name))].join(', ');
    throw new UnsupportedFeatureError(`--model ${model}: this server has no such model (it has: ${names})`);
  }
}

/** The job's detections in an export format, printed as the server sends them. */
async function printExport(ctx: CliContext, jobId: string, format: 'coco' | 'csv'): Promise<void> {
  const answer = await ctx.client.GET('/jobs/{jobId}', {
    params: { path: { jobId }, query: { format } },
    parseAs: 'text',
  });
  // parseAs text: the body as sent, whichever of the route's shapes it is.
  const text = dataOf(`GET /jobs/${jobId}?format=${format}`, answer) as unknown as string;
  ctx.out(format === 'csv' ? text.replace(/\r\n$/, '') : text);
}

/** Where image `index` of `count` is written: the path itself for one image, else with "-<index>" before the extension. */
export function annotatedPath(path: string, index: number, count: number): string {
  if (count === 1) return path;
  const extension = extname(path);
  return `${path.slice(0, path.length - extension.length)}-${index}${extension || '.jpg'}`;
}

/** Saves each done image with its boxes drawn (GET /jobs/{id}/images/{index}/annotated); failed images have none. */
async function saveAnnotated(ctx: CliContext, job: JobView, path: string): Promise<void> {
  const results = job.detections ?? [];
  for (const result of results) {
    if (result.status !== 'done') {
      process.stderr.write(`image ${result.imageIndex}: ${result.status}, nothing to draw\n`);
      continue;
    }
    const answer = await ctx.client.GET('/jobs/{jobId}/images/{index}/annotated', {
      params: { path: { jobId: job.jobId, index: result.imageIndex } },
      parseAs: 'arrayBuffer',
    });
    const jpeg = dataOf(`annotated image ${result.imageIndex}`, answer);
    const out = annotatedPath(path, result.imageIndex, results.length);
    await writeFile(out, Buffer.from(jpeg));
    process.stderr.write(`wrote ${out}\n`);
  }
}
