import { Injectable, Logger } from '@nestjs/common';
import { SqsService } from '@ssut/nestjs-sqs';
import { DEAD_LETTERS_CONSUMER } from './dead-letter.consumer';
import { JOBS_CONSUMER, ProcessJobConsumer } from './process-job.consumer';
import { WEBHOOKS_CONSUMER } from './webhook.consumer';

/**
 * Stops taking messages and waits for in-flight jobs (sqs-consumer waits up to WORKER_STOP_TIMEOUT_SECONDS).
 * It must run before Nest's own shutdown: Nest's destroy hooks stop the consumer without waiting and close the
 * detector under a running job. A job still running at the deadline is abandoned; its message reappears after the
 * visibility timeout and another worker completes it.
 */
@Injectable()
export class ConsumerDrain {
  private readonly logger = new Logger('Shutdown');

  constructor(
    private readonly sqs: SqsService,
    private readonly consumer: ProcessJobConsumer,
  ) {}

  async drain(reason: string): Promise<void> {
    // Marking a dead-lettered job FAILED is one quick write: abort its long poll and do not wait.
    this.sqs.consumers.get(DEAD_LETTERS_CONSUMER)?.instance.stop({ abort: true });
    // A webhook attempt is at most WEBHOOK_TIMEOUT_SECONDS; one cut short is retried from its message.
    this.sqs.consumers.get(WEBHOOKS_CONSUMER)?.instance.stop({ abort: true });
    const consumer = this.sqs.consumers.get(JOBS_CONSUMER)?.instance;
    if (!consumer || !consumer.status.isRunning) return;
    const inFlight = this.consumer.jobsInFlight;
    this.logger.log(
      `${reason}: polling stopped; ${inFlight > 0 ? `finishing ${inFlight} job(s) in flight` : 'no job in flight'}`,
    );
    // Not events.once: it would reject on the 'error' the aborted long poll emits.
    const stopped = new Promise<void>((resolve) => consumer.once('stopped', () => resolve()));
    // Idle, the only request in flight is a long poll: abort it rather than wait up to 20 s for it to return.
    consumer.stop({ abort: inFlight === 0 });
    await stopped;
    this.logger.log('drained');
  }
}
