export enum JobStatus {
  PENDING = 'PENDING',
  PROCESSING = 'PROCESSING',
  COMPLETED = 'COMPLETED',
  FAILED = 'FAILED',
  /** Stopped by its owner (DELETE /jobs/{id}); the images already done keep their results. */
  CANCELLED = 'CANCELLED',
}

/**
 * PENDING -> PROCESSING -> COMPLETED | FAILED, and PENDING | PROCESSING -> CANCELLED at the owner's request. PROCESSING -> PROCESSING is a retry: the worker that held the job
 * died or timed out and the message came back. PENDING -> FAILED covers a job whose message could not be queued.
 */
const ALLOWED: Record<JobStatus, readonly JobStatus[]> = {
  [JobStatus.PENDING]: [JobStatus.PROCESSING, JobStatus.FAILED, JobStatus.CANCELLED],
  [JobStatus.PROCESSING]: [JobStatus.PROCESSING, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED],
  [JobStatus.COMPLETED]: [],
  [JobStatus.FAILED]: [],
  [JobStatus.CANCELLED]: [],
};

export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** The statuses a job may be in for a move to `to` to be legal: the condition every store checks atomically. */
export function statusesAllowedBefore(to: JobStatus): JobStatus[] {
  return (Object.keys(ALLOWED) as JobStatus[]).filter((from) => canTransition(from, to));
}

export function isTerminal(status: JobStatus): boolean {
  return ALLOWED[status].length === 0;
}
