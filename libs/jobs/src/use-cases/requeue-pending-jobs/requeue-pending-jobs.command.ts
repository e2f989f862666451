/** Queue again the jobs that have been PENDING for longer than `pendingSeconds` at `now`, at most `limit` of them. */
export class RequeuePendingJobsCommand {
  constructor(
    readonly now: Date,
    readonly pendingSeconds: number,
    readonly limit = 100,
  ) {}
}
