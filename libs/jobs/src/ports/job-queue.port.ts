import { JobMessage } from '../domain/job-message';

export const JOB_QUEUE = Symbol('JobQueue');

/** The producer side of the jobs queue: one message per job. */
export interface JobQueue {
  enqueue(message: JobMessage): Promise<void>;
  ping(): Promise<void>;
}
