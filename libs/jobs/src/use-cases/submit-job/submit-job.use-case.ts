import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, FieldProblem } from '@app/core';
import { OBJECT_STORAGE, ObjectStorage, parseS3Url } from '@app/storage';
import { imageKeyProblem } from './image-key-problem';
import { callbackUrlProblem } from '../../domain/callback-url';
import { IDEMPOTENCY_TTL_MS, IdempotencyClaim, requestHashOf } from '../../domain/idempotency';
import { Job, newJob } from '../../domain/job';
import { SUBMIT_JOB_OPTIONS, SubmitJobOptions } from '../../jobs.options';
import { JobStatus } from '../../domain/job-status';
import { JOB_QUEUE, JobQueue } from '../../ports/job-queue.port';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';
import { MODEL_CATALOG, ModelCatalog } from '../../ports/model-catalog.port';
import { SubmitJobCommand } from './submit-job.command';

/** The accepted job, and whether it was accepted by an earlier request with the same Idempotency-Key. */
export interface SubmittedJob {
  job: Job;
  replayed: boolean;
}

const REPLAY_POLL_MS = 25;
const REPLAY_WAIT_MS = 5000;
/**
 * A claim this old with no job is abandoned: its request died between claiming the key and storing the job (a crash,
 * a kill). No request runs this long (API Gateway stops at 29 s, REQUEST_TIMEOUT_SECONDS defaults to 30), so a retry
 * may take the key over instead of answering 503 until the claim expires a day later.
 */
export const ABANDONED_CLAIM_MS = 60_000;

/**
 * Accepts a job: every image must be an existing object in our bucket. The job is stored before its message is
 * sent, so a worker never receives a message for a job it cannot find.
 */
/** What makes two submissions with one Idempotency-Key the same request: every field that shapes the job. */
export function submissionHashOf(command: SubmitJobCommand): string {
  return requestHashOf({
    imageUrls: command.imageUrls,
    userId: command.userId,
    metadata: command.metadata,
    // Only when given: keys claimed before detection options existed keep their hash.
    ...(Object.keys(command.options).length > 0 && { options: command.options }),
    // Part of the request too (another callback URL is another request, 409); absent, older hashes are unchanged.
    callbackUrl: command.callbackUrl,
  });
}

@Injectable()
export class SubmitJobUseCase {
  private readonly logger = new Logger(SubmitJobUseCase.name);

  constructor(
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    @Inject(SUBMIT_JOB_OPTIONS) private readonly options: SubmitJobOptions,
    @Inject(MODEL_CATALOG) private readonly models: ModelCatalog,
  ) {}

  async execute(command: SubmitJobCommand): Promise<Job> {
    return (await this.submit(command)).job;
  }

  /**
   * As execute, and says whether the answer is a replay: with an Idempotency-Key already used by this tenant for the
   * same request, the job it made (nothing new is stored or queued); for another request, 409.
   */
  async submit(command: SubmitJobCommand): Promise<SubmittedJob> {
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
    // Resolved now: the job keeps this model version and these thresholds, whatever the registry gets later.
    const [problems, detectionOptions] = await Promise.all([
      this.findMissingImages(command.imageUrls),
      this.models.resolve(command.options).catch((error: unknown) => error as Error),
    ]);
    const optionProblems = detectionOptions instanceof AppError ? (detectionOptions.problems ?? []) : [];
    const callbackProblems = this.callbackUrlProblems(command.callbackUrl);
    if (problems.length + optionProblems.length + callbackProblems.length > 0)
      throw AppError.validation([...optionProblems, ...callbackProblems, ...problems]);
    if (detectionOptions instanceof Error) throw detectionOptions;

    const now = new Date();
    let claim: IdempotencyClaim | undefined;
    if (command.idempotencyKey !== undefined) {
      claim = {
        tenantId: command.tenantId,
        key: command.idempotencyKey,
        requestHash: submissionHashOf(command),
        jobId: randomUUID(),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString(),
      };
      let holder = await this.store.claimIdempotencyKey(claim);
      if (holder.jobId !== claim.jobId && (await this.isAbandoned(holder, claim, now))) {
        // Conditional on the abandoned claim's job id: of several retries taking over, one claim wins the key.
        await this.store.releaseIdempotencyKey(holder);
        holder = await this.store.claimIdempotencyKey(claim);
      }
      if (holder.jobId !== claim.jobId) return { job: await this.replay(holder, claim), replayed: true };
    }

    const job = newJob(
      {
        jobId: claim?.jobId ?? randomUUID(),
        tenantId: command.tenantId,
        imageUrls: command.imageUrls,
        userId: command.userId,
        metadata: command.metadata,
        options: detectionOptions,
        callbackUrl: command.callbackUrl,
      },
      now,
    );
    await this.store.create(job);
    try {
      await this.queue.enqueue({ jobId: job.jobId, requestId: command.requestId });
    } catch (error) {
      // The job must not sit PENDING forever with no message: record why it never started.
      this.logger.error({ err: error, jobId: job.jobId }, 'could not queue job');
      // The key did not get a job accepted: a retry with it must be free to try again.
      if (claim) await this.store.releaseIdempotencyKey(claim);
      await this.store.transition(job.jobId, {
        to: JobStatus.FAILED,
        at: new Date(),
        error: 'the job could not be queued; submit it again',
      });
      throw new AppError('unavailable', 'The job queue is unavailable; the job was not accepted. Try again later.');
    }
    return { job, replayed: false };
  }

  /** The same request's claim, old enough to be abandoned, whose job was never stored. */
  private async isAbandoned(holder: IdempotencyClaim, claim: IdempotencyClaim, now: Date): Promise<boolean> {
    if (holder.requestHash !== claim.requestHash) return false;
    if (now.getTime() - Date.parse(holder.createdAt) < ABANDONED_CLAIM_MS) return false;
    return (await this.store.get(holder.jobId)) === null;
  }

  /** The job an earlier request with this key made, if it was the same request. */
  private async replay(holder: IdempotencyClaim, claim: IdempotencyClaim): Promise<Job> {
    if (holder.requestHash !== claim.requestHash) {
      throw new AppError(
        'conflict',
        `Idempotency-Key "${claim.key}" was already used with a different request; use a new key for a new job`,
      );
    }
    // A concurrent duplicate may still be storing the job it claimed the key for: give it a moment.
    for (let waited = 0; ; waited += REPLAY_POLL_MS) {
      const job = await this.store.get(holder.jobId);
      if (job) return job;
      if (waited >= REPLAY_WAIT_MS) {
        throw new AppError(
          'unavailable',
          'The first request with this Idempotency-Key is still being accepted; retry.',
        );
      }
      await sleep(REPLAY_POLL_MS);
    }
  }

  /** What is wrong with a callbackUrl (none when absent): its shape, and whether this server can sign webhooks. */
  private callbackUrlProblems(callbackUrl: string | undefined): FieldProblem[] {
    if (callbackUrl === undefined) return [];
    const problem = callbackUrlProblem(callbackUrl, { httpsOnly: !!this.options.callbackHttpsOnly });
    if (problem) return [problem];
    if (this.options.webhooksEnabled) return [];
    return [
      {
        field: 'callbackUrl',
        rule: 'webhooksEnabled',
        message: 'callbackUrl cannot be used: this server has no webhook signing secret (WEBHOOK_SIGNING_SECRET)',
      },
    ];
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
      return (await this.storage.exists(location.key))
        ? null
        : { field, rule: 'exists', message: `object ${url} does not exist; upload it first` };
    });
    return (await Promise.all(checks)).filter((problem): problem is FieldProblem => problem !== null);
  }
}
