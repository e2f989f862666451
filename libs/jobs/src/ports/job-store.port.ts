import { IdempotencyClaim } from '../domain/idempotency';
import { ImageResult, Job, JobOwner } from '../domain/job';
import { JobStatus } from '../domain/job-status';
import { WebhookState } from '../domain/webhook';

export const JOB_STORE = Symbol('JobStore');

export interface JobTransition {
  to: JobStatus;
  at: Date;
  results?: ImageResult[];
  error?: string;
  /** Count a new attempt (a worker starting on the job). */
  countAttempt?: boolean;
  /** Stored as the job's results only if it has none yet: a worker's first start lists every image as pending. */
  initialResults?: ImageResult[];
}

export interface JobPage {
  items: Job[];
  /** Opaque; pass it back to get the next page. Absent on the last page. */
  nextCursor?: string;
}

/** A job waiting for a worker, and since when it has waited (its creation, or its last requeue). */
export interface PendingJob {
  jobId: string;
  pendingSince: string;
}

/** Where jobs live: SQLite self-hosted, DynamoDB on AWS. */
export interface JobStore {
  /** Stores a new job; fails if the id is taken. */
  create(job: Job): Promise<void>;
  get(jobId: string): Promise<Job | null>;
  /**
   * Moves a job to `transition.to` only if the move is legal from its current status, atomically (a conditional
   * write). Returns the updated job, or null when the job is missing or the condition failed, e.g. another worker
   * already completed it.
   */
  transition(jobId: string, transition: JobTransition): Promise<Job | null>;
  /**
   * Records one image's outcome, only while the job is PROCESSING and that image is still `pending`, atomically.
   * Returns the updated job, or null when the condition failed (the job was cancelled or finished, or another
   * worker recorded that image first). Other images' entries are untouched, so workers never overwrite each other.
   */
  recordImage(jobId: string, result: ImageResult, at: Date): Promise<Job | null>;
  /**
   * Puts a finished job back to PENDING with these results (its failed images made pending again), clears its
   * error and completedAt, makes its webhook (if it has one) pending again so that its next end is delivered too, and puts it back where the requeue sweep looks. Only if it is still as it was read:
   * the same status and updatedAt (a conditional write), so two retries of one job reopen it once. Returns the
   * reopened job, or null when it changed meanwhile.
   */
  reopen(jobId: string, reopening: { from: Job; results: ImageResult[]; at: Date }): Promise<Job | null>;
  /**
   * Records the outcome of a webhook attempt, only if the job's webhook has exactly `after` attempts recorded so far
   * (a conditional write): of two deliveries of the same attempt (a redelivered message), one records and the other
   * gets null, and stops. updatedAt is left alone: a delivery is not a change of the job itself.
   */
  recordWebhookAttempt(jobId: string, state: WebhookState, after: number): Promise<Job | null>;
  /**
   * Stores the claim unless an unexpired one of the same tenant and key exists, atomically (a unique record written
   * conditionally). Returns the claim that holds the key: the one given when it won, the earlier one otherwise.
   */
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<IdempotencyClaim>;
  /** Forgets a claim whose job was not accepted, so that a retry with the same key can be. Only that job's claim. */
  releaseIdempotencyKey(claim: Pick<IdempotencyClaim, 'tenantId' | 'key' | 'jobId'>): Promise<void>;
  /** One user's jobs within one tenant, newest first: never a job of another tenant, whatever the cursor says. */
  listByUser(owner: JobOwner, page: { limit: number; cursor?: string }): Promise<JobPage>;
  /** Jobs PENDING since before `before`, oldest first, at most `limit`; read through an index of PENDING jobs only. */
  listPendingSince(before: Date, limit: number): Promise<PendingJob[]>;
  /**
   * Claims the right to queue a PENDING job again: moves its pendingSince from the value seen to `at`, only if it is
   * still PENDING with that value (a conditional write). Of several sweepers, one gets true.
   */
  claimRequeue(job: PendingJob, at: Date): Promise<boolean>;
  ping(): Promise<void>;
}
