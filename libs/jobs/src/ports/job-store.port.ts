import { ImageResult, Job, JobOwner } from '../domain/job';
import { JobStatus } from '../domain/job-status';

export const JOB_STORE = Symbol('JobStore');

export interface JobTransition {
  to: JobStatus;
  at: Date;
  results?: ImageResult[];
  error?: string;
  /** Count a new attempt (a worker starting on the job). */
  countAttempt?: boolean;
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
