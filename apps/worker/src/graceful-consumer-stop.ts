import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { SqsService } from '@ssut/nestjs-sqs';
import { once } from 'node:events';
import { JOBS_CONSUMER } from './process-job.consumer';

/**
 * On SIGTERM: stop polling, let in-flight jobs finish (sqs-consumer waits up to pollingCompleteWaitTimeMs), and only
 * then let Nest tear down the detector and the store. A job still running at the deadline is abandoned; its message
 * reappears after the visibility timeout and another worker completes it.
 */
@Injectable()
export class GracefulConsumerStop implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(private readonly sqs: SqsService) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const consumer = this.sqs.consumers.get(JOBS_CONSUMER)?.instance;
    if (!consumer || !consumer.status.isRunning) return;
    this.logger.log(`${signal ?? 'shutdown'}: no new messages; finishing in-flight jobs`);
    const stopped = once(consumer, 'stopped');
    consumer.stop();
    await stopped;
  }
}
