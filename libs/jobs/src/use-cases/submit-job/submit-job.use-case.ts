import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError, FieldProblem } from '@app/core';
import { OBJECT_STORAGE, ObjectStorage, parseS3Url } from '@app/storage';
import { imageKeyProblem } from './image-key-problem';
import { Job, newJob } from '../../domain/job';
import { SUBMIT_JOB_OPTIONS, SubmitJobOptions } from '../../jobs.options';
import { JobStatus } from '../../domain/job-status';
import { JOB_QUEUE, JobQueue } from '../../ports/job-queue.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';
import { SubmitJobCommand } from './submit-job.command';

/**
 * Accepts a job: every image must be an existing object in our bucket. The job is stored before its message is
 * sent, so a worker never receives a message for a job it cannot find.
 */
@Injectable()
export class SubmitJobUseCase {
  private readonly logger = new Logger(SubmitJobUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(SUBMIT_JOB_OPTIONS) private readonly options: SubmitJobOptions,
  ) {}

  async execute(command: SubmitJobCommand): Promise<Job> {
    const max = this.options.maxImagesPerJob;
    // Checked here too, not only by the HTTP DTO: a job without images could never finish.
    if (command.imageUrls.length === 0) {
      throw AppError.validation([
        { field: 'imageUrls', rule: 'arrayNotEmpty', message: 'imageUrls should not be empty' },
      ]);
    }
    if (command.imageUrls.length > max) {
      throw AppError.validation([
        { field: 'imageUrls', rule: 'arrayMaxSize', message: `imageUrls must contain at most ${max} images` },
      ]);
    }
    const problems = await this.findMissingImages(command.imageUrls);
    if (problems.length > 0) throw AppError.validation(problems);

    const job = newJob(
      {
        jobId: randomUUID(),
        tenantId: command.tenantId,
        imageUrls: command.imageUrls,
        userId: command.userId,
        metadata: command.metadata,
      },
      new Date(),
    );
    await this.store.create(job);
    try {
      await this.queue.enqueue({ jobId: job.jobId });
    } catch (error) {
      // The job must not sit PENDING forever with no message: record why it never started.
      this.logger.error({ err: error, jobId: job.jobId }, 'could not queue job');
      await this.store.transition(job.jobId, {
        to: JobStatus.FAILED,
        at: new Date(),
        error: 'the job could not be queued; submit it again',
      });
      throw new AppError('unavailable', 'The job queue is unavailable; the job was not accepted. Try again later.');
    }
    return job;
  }

  private async findMissingImages(imageUrls: string[]): Promise<FieldProblem[]> {
    const checks = imageUrls.map(async (url, index): Promise<FieldProblem | null> => {
      const field = `imageUrls[${index}]`;
      const location = parseS3Url(url);
      if (!location) return { field, rule: 's3Url', message: `must be an s3://bucket/key URL, got "${url}"` };
      if (location.bucket !== this.options.bucket) {
        return {
          field,
          rule: 'bucket',
          message: `must be in bucket "${this.options.bucket}", got "${location.bucket}"`,
        };
      }
      const keyProblem = imageKeyProblem(field, location.key);
      if (keyProblem) return keyProblem;
      const info = await this.storage.head(location.key);
      return info ? null : { field, rule: 'exists', message: `object ${url} does not exist; upload it first` };
    });
    return (await Promise.all(checks)).filter((problem): problem is FieldProblem => problem !== null);
  }
}
