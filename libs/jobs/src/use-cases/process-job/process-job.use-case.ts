import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { OBJECT_STORAGE, ObjectNotFoundError, ObjectStorage, ObjectTooLargeError, parseS3Url } from '@app/storage';
import { ImageResult, Job, pendingResults } from '../../domain/job';
import { isTerminal, JobStatus } from '../../domain/job-status';
import { PROCESS_JOB_OPTIONS, ProcessJobOptions } from '../../jobs.options';
import {
  IMAGE_DETECTOR,
  ImageDetector,
  ModelUnavailableError,
  UnreadableImageError,
} from '../../ports/image-detector.port';
import { JOB_METRICS, JobMetrics, NO_JOB_METRICS } from '../../ports/job-metrics.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';
import { mapLimited } from './map-limited';
import { ProcessJobCommand } from './process-job.command';

export type ProcessJobOutcome = JobStatus.COMPLETED | JobStatus.FAILED | 'already-done';

export interface ProcessJobResult {
  outcome: ProcessJobOutcome;
  /**
   * The ended job as this run just wrote it (COMPLETED, FAILED) or read it (found ended): what the worker then needs
   * to queue its webhook, without reading it again. Absent when the run does not hold it: a conditional write lost
   * to a cancel or to another worker, after which only a read says what the job became.
   */
  endedJob?: Job;
}

export class UnknownJobError extends Error {
  constructor(readonly jobId: string) {
    super(`job ${jobId} does not exist`);
    this.name = 'UnknownJobError';
  }
}

type ImageOutcome = Omit<ImageResult, 'imageUrl' | 'imageIndex'>;

/** A record of an image was refused: the job was cancelled or finished by another worker meanwhile. */
class JobTakenError extends Error {
  constructor() {
    super('the job is no longer PROCESSING or the image was recorded by another worker');
  }
}

/** How many images of one job are read and detected at once: enough to keep the inference pool busy. */
const IMAGES_IN_FLIGHT = 4;
const IMAGES_IN_FLIGHT_TOKEN = Symbol('IMAGES_IN_FLIGHT');

/**
 * Runs detection on every image of a job and records the result once. Safe to run again for the same job (a
 * redelivered message, two workers racing): a finished job is left alone, and only the first result is written.
 * A bad image fails alone; an infrastructure error is thrown so the message is retried, and on the last allowed
 * attempt the job is marked FAILED first.
 */
@Injectable()
export class ProcessJobUseCase {
  private readonly logger = new Logger(ProcessJobUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(IMAGE_DETECTOR) private readonly detector: ImageDetector,
    @Inject(PROCESS_JOB_OPTIONS) private readonly options: ProcessJobOptions,
    @Optional() @Inject(JOB_METRICS) private readonly metrics: JobMetrics = NO_JOB_METRICS,
    /** Images of one job read and detected at once (tests lower it to watch a job between two images). */
    @Optional() @Inject(IMAGES_IN_FLIGHT_TOKEN) private readonly imagesInFlight: number = IMAGES_IN_FLIGHT,
  ) {}

  async execute({ jobId, receiveCount, signal, requestId }: ProcessJobCommand): Promise<ProcessJobResult> {
    const job = await this.store.get(jobId);
    if (!job) throw new UnknownJobError(jobId);
    if (isTerminal(job.status)) return { outcome: 'already-done', endedJob: job };
    const started = await this.store.transition(jobId, {
      to: JobStatus.PROCESSING,
      at: new Date(),
      countAttempt: true,
      initialResults: pendingResults(job.imageUrls),
    });
    if (!started) return { outcome: 'already-done' };

    try {
      return await this.detectAndRecord(started, signal, requestId);
    } catch (error) {
      // Whatever failed (reading images, writing the result), the last allowed attempt must leave the job FAILED
      // with the reason rather than PROCESSING forever. A worker that dies outright on its last attempt is covered
      // by the dead-letter queue: see FailDeadLetteredJobUseCase.
      if (receiveCount >= this.options.maxReceiveCount) {
        const reason = `gave up after ${receiveCount} attempt(s): ${error.message}`;
        await this.store
          .transition(jobId, { to: JobStatus.FAILED, at: new Date(), error: reason })
          .catch((markError) => {
            this.logger.error(
              { err: markError, jobId, requestId },
              'could not mark the job FAILED; the dead-letter queue will',
            );
          });
      }
      throw error;
    }
  }

  /**
   * Runs the images still pending (all of them on a first attempt; on a retry, those no earlier attempt recorded)
   * and records each one's outcome as soon as it is known, so progress and finished images are readable while the
   * job runs. Once a record is refused, the job is no longer this worker's (cancelled, or finished by another):
   * no further image is started, and nothing more is written.
   */
  private async detectAndRecord(job: Job, signal?: AbortSignal, requestId?: string): Promise<ProcessJobResult> {
    const results = job.results ?? pendingResults(job.imageUrls);
    const pending = results.filter((result) => result.status === 'pending');
    // An image named twice in one job is read and decoded once; every position it holds gets the result.
    const uniqueUrls = [...new Set(pending.map((result) => result.imageUrl))];
    try {
      await mapLimited(uniqueUrls, this.imagesInFlight, async (url) => {
        // Before each image: a job cancelled (or finished by another worker) meanwhile is no longer this one's.
        if ((await this.store.get(job.jobId))?.status !== JobStatus.PROCESSING) throw new JobTakenError();
        const outcome = await this.processImage(job, url, signal);
        signal?.throwIfAborted(); // a result computed after the deadline is the retry's to write
        for (const { imageIndex } of pending.filter((result) => result.imageUrl === url)) {
          const { history } = results[imageIndex]; // failures of earlier runs (POST /jobs/{id}/retry) stay
          const entry: ImageResult = { imageUrl: url, imageIndex, ...outcome, ...(history && { history }) };
          if (!(await this.store.recordImage(job.jobId, entry, new Date()))) throw new JobTakenError();
          results[imageIndex] = entry; // the full entry: a store may have kept a slimmer one while the job ran
        }
      });
    } catch (error) {
      if (error instanceof JobTakenError) return { outcome: 'already-done' };
      throw error;
    }

    const failures = results.filter((result) => result.status === 'failed');
    const allFailed = failures.length === results.length;
    const written = await this.store.transition(job.jobId, {
      to: allFailed ? JobStatus.FAILED : JobStatus.COMPLETED,
      at: new Date(),
      results,
      ...(allFailed && { error: `all ${results.length} image(s) failed; first: ${failures[0].error}` }),
    });
    if (!written) return { outcome: 'already-done' };
    this.logger.log(
      { jobId: job.jobId, requestId, status: written.status, images: results.length, failedImages: failures.length },
      'job finished',
    );
    return { outcome: written.status as ProcessJobOutcome, endedJob: written };
  }

  /** The outcome of one image; throws (leaving the job to a retry) on infrastructure errors and on abort. */
  private async processImage(job: Job, imageUrl: string, signal?: AbortSignal): Promise<ImageOutcome> {
    const outcome = await this.detectImage(job, imageUrl, signal);
    this.metrics.imageProcessed(outcome.error ? 'failed' : 'ok');
    return outcome;
  }

  private async detectImage(job: Job, imageUrl: string, signal?: AbortSignal): Promise<ImageOutcome> {
    const started = Date.now();
    const queuedMs = Math.max(0, started - Date.parse(job.createdAt));
    const durationMs = () => Date.now() - started;
    const failed = (error: string): ImageOutcome => ({
      status: 'failed',
      detections: [],
      detectionCount: 0,
      error,
      queuedMs,
      durationMs: durationMs(),
    });
    const location = parseS3Url(imageUrl);
    if (!location || location.bucket !== this.options.bucket)
      return failed(`not an object of bucket ${this.options.bucket}`);
    try {
      signal?.throwIfAborted(); // between images: once the job is out of time, no further image is read
      const bytes = await this.storage.read(location.key, { maxBytes: this.options.maxImageBytes });
      const found = await this.detector.detect(bytes, {
        signal,
        options: job.options,
        onTimings: (timings) => this.metrics.detectionTimed(timings),
      });
      return {
        status: 'done',
        detections: found.detections,
        detectionCount: found.detections.length,
        width: found.width,
        height: found.height,
        model: found.model,
        queuedMs,
        decodeMs: found.decodeMs,
        inferenceMs: found.inferenceMs,
        durationMs: durationMs(),
      };
    } catch (error) {
      if (error instanceof ObjectNotFoundError) return failed('image not found');
      if (error instanceof ObjectTooLargeError) return failed(`image larger than ${this.options.maxImageBytes} bytes`);
      if (error instanceof UnreadableImageError) return failed(`image could not be decoded: ${error.message}`);
      if (error instanceof ModelUnavailableError) return failed(`model unavailable: ${error.message}`);
      throw error;
    }
  }
}
