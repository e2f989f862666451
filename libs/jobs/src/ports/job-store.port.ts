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
  ping(): Promise<void>;
}
