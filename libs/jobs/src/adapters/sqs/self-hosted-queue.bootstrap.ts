import { SQSClient } from '@aws-sdk/client-sqs';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, AppConfig } from '@app/config';
import { SQS_CLIENT } from '../../jobs.tokens';
import { ensureSelfHostedQueue } from './ensure-self-hosted-queue';

/**
 * Self-hosted, the queue server may start a moment after this process: start-up waits (up to ~30 s) until it
 * answers and the jobs queue exists (CreateQueue is idempotent). If it never answers, the app starts anyway and
 * /health reports the queue down.
 */
@Injectable()
export class SelfHostedQueueBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Queue');

  constructor(
    @Inject(SQS_CLIENT) private readonly sqs: SQSClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): Promise<void> {
    return this.ensure();
  }

  async ensure(attempts = 20): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await ensureSelfHostedQueue(this.sqs, this.config);
        return;
      } catch (error) {
        if (attempt >= attempts) {
          this.logger.error({ err: error }, `queue server at ${this.config.queue.endpoint} did not answer; is it running (npm run queue)?`);
          return;
        }
        await sleep(250 * Math.min(attempt, 8));
      }
    }
  }
}
