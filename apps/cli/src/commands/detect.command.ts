import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { contentTypeOf, dataOf, uploadImage, waitForJob } from '@app/client';
import { CliContext } from '../cli-context';
import { Progress } from '../output/progress';
import { Feature, requireFeatures, UnsupportedFeatureError } from '../server-features';
import { exitCodeOf, printJob } from './print-job';

export interface DetectOptions {
  model?: string;
  annotate?: string;
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
    ...(options.annotate ? ['annotate' as const] : []),
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
          metadata: { source: 'image-detect-cli' },
        },
      }),
    );
    const job = await waitForJob(ctx.client, submitted.jobId, {
      timeoutMs: options.timeout * 1000,
      onUpdate: (j) => progress.update(STATUS_PROGRESS[j.status], `job ${j.jobId} ${j.status}`),
    });
    progress.done();
    printJob(
      job,
      images.map((i) => i.filename),
      ctx.out,
    );
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
