import { Inject, Injectable, Optional } from '@nestjs/common';
import { AppError } from '@app/core';
import { RESULTS_PREFIX } from '@app/infrastructure';
import { OBJECT_STORAGE, ObjectExistsError, ObjectNotFoundError, ObjectStorage, parseS3Url } from '@app/storage';
import { PROCESS_JOB_OPTIONS, ProcessJobOptions } from '../../jobs.options';
import { IMAGE_ANNOTATOR, ImageAnnotator } from '../../ports/image-annotator.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';

export class GetAnnotatedImageQuery {
  constructor(
    readonly jobId: string,
    readonly tenantId: string,
    readonly imageIndex: number,
  ) {}
}

/** Where an image's drawing is kept: under results/, which the bucket's lifecycle rule expires on AWS. */
export function annotatedImageKey(tenantId: string, jobId: string, imageIndex: number): string {
  return `${RESULTS_PREFIX}${tenantId}/${jobId}/annotated/${imageIndex}.jpg`;
}

/**
 * One done image of a job with its boxes and labels drawn, as JPEG: drawn on first request and kept in object
 * storage, read from there afterwards (a done image's results never change: a retry runs failed images only).
 */
@Injectable()
export class GetAnnotatedImageUseCase {
  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    // The cap the worker reads images with: the same image, the same limit.
    @Inject(PROCESS_JOB_OPTIONS) private readonly options: ProcessJobOptions,
    @Optional() @Inject(IMAGE_ANNOTATOR) private readonly annotator: ImageAnnotator | null = null,
  ) {}

  async execute({ jobId, tenantId, imageIndex }: GetAnnotatedImageQuery): Promise<Buffer> {
    const job = await this.store.get(jobId);
    // Another tenant's job reads exactly like a job that does not exist.
    if (!job || job.tenantId !== tenantId) throw new AppError('not-found', `job ${jobId} does not exist`);
    if (!Number.isInteger(imageIndex) || imageIndex < 0 || imageIndex >= job.imageCount)
      throw new AppError(
        'not-found',
        `job ${jobId} has ${job.imageCount} image(s), indexed 0 to ${job.imageCount - 1}: no image ${imageIndex}`,
      );
    const result = job.results?.find((r) => r.imageIndex === imageIndex);
    if (!result || result.status === 'pending')
      throw new AppError('conflict', `image ${imageIndex} of job ${jobId} is not processed yet (job ${job.status})`);
    if (result.status === 'failed')
      throw new AppError(
        'conflict',
        `image ${imageIndex} of job ${jobId} failed, so it has no boxes to draw: ${result.error ?? 'failed'}`,
      );
    if (!this.annotator)
      throw new AppError(
        'not-implemented',
        'annotated images are not drawn here: this deployment of the API (AWS Lambda) carries no image library; read the boxes from GET /jobs/{jobId} (or ?format=coco) and draw them, or use the self-hosted API',
      );

    const key = annotatedImageKey(tenantId, jobId, imageIndex);
    try {
      return await this.storage.read(key, { maxBytes: 4 * this.options.maxImageBytes });
    } catch (error) {
      if (!(error instanceof ObjectNotFoundError)) throw error;
    }
    const location = parseS3Url(result.imageUrl);
    if (!location) throw new AppError('conflict', `image ${imageIndex} of job ${jobId} has no readable URL`);
    let original: Buffer;
    try {
      original = await this.storage.read(location.key, { maxBytes: this.options.maxImageBytes });
    } catch (error) {
      if (error instanceof ObjectNotFoundError)
        throw new AppError('not-found', `image ${imageIndex} of job ${jobId} is no longer stored (uploads expire)`);
      throw error;
    }
    const jpeg = await this.annotator.annotate(original, result.detections);
    // Two first requests at once both draw; the first write wins and the other's identical drawing is still right.
    await this.storage.write(key, jpeg, { contentType: 'image/jpeg', ifAbsent: true }).catch((error) => {
      if (!(error instanceof ObjectExistsError)) throw error;
    });
    return jpeg;
  }
}
