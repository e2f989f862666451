/** Process one job, as told by one delivery of its queue message. */
export class ProcessJobCommand {
  constructor(
    readonly jobId: string,
    /** ApproximateReceiveCount of the delivery: 1 on the first attempt. */
    readonly receiveCount: number,
    /** Aborted when the job has run out of time (JOB_TIMEOUT_SECONDS): the work stops, the message is retried. */
    readonly signal?: AbortSignal,
  ) {}
}
