import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import {
  RequeuePendingJobsCommand,
  RequeuePendingJobsUseCase,
  SWEEP_OPTIONS,
  SweepOptions,
  SweepRetentionUseCase,
} from '@app/jobs';

const HOUR_MS = 3600 * 1000;

/**
 * The worker's periodic sweeps: jobs PENDING longer than PENDING_REQUEUE_SECONDS are queued again (every worker
 * runs it; the store's conditional claim makes one of them send), and, self-hosted, old uploads and finished jobs
 * are deleted hourly. The worker runs them because it is the one process every deployment has running for as long
 * as there is work to do (the API may be a Lambda that sleeps between requests).
 */
@Injectable()
export class MaintenanceSweeps implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceSweeps.name);
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();

  constructor(
    private readonly requeue: RequeuePendingJobsUseCase,
    private readonly retention: SweepRetentionUseCase,
    @Inject(SWEEP_OPTIONS) private readonly options: SweepOptions,
  ) {}

  onApplicationBootstrap(): void {
    const pendingSeconds = this.options.pendingRequeueSeconds;
    if (pendingSeconds > 0) {
      // Often enough that a stuck job waits at most ~1.5x the limit, never more often than each second.
      const requeueEveryMs = Math.min(60_000, Math.max(1000, (pendingSeconds * 1000) / 2));
      this.every('requeue', requeueEveryMs, () =>
        this.requeue.execute(new RequeuePendingJobsCommand(new Date(), pendingSeconds)),
      );
    }
    this.every('retention', HOUR_MS, () => this.retention.execute(new Date()));
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers) clearInterval(timer);
  }

  /** Runs `sweep` now and every `ms`, never two of the same at once; a failure is logged and retried next time. */
  private every(name: string, ms: number, sweep: () => Promise<unknown>): void {
    const run = async () => {
      if (this.running.has(name)) return;
      this.running.add(name);
      try {
        await sweep();
      } catch (error) {
        this.logger.error({ err: error }, `${name} sweep failed; retrying in ${Math.round(ms / 1000)} s`);
      } finally {
        this.running.delete(name);
      }
    };
    void run();
    const timer = setInterval(run, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
