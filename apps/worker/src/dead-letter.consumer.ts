import type { Message } from '@aws-sdk/client-sqs';
import { Injectable, Logger } from '@nestjs/common';
import { SqsConsumerEventHandler, SqsMessageHandler } from '@ssut/nestjs-sqs';
import { decodeJobMessage, EnqueueWebhookCommand, EnqueueWebhookUseCase, FailDeadLetteredJobUseCase } from '@app/jobs';

export const DEAD_LETTERS_CONSUMER = 'dead-letters';

/**
 * The jobs queue's dead-letter queue: each message there is a job that MAX_RECEIVE_COUNT deliveries could not
 * finish. Its job is marked FAILED (logged at error level, which the worker-errors alarm counts) and the message is
 * acknowledged: the job record already holds everything it carried.
 */
@Injectable()
export class DeadLetterConsumer {
  private readonly logger = new Logger(DeadLetterConsumer.name);

  constructor(
    private readonly failDeadLetteredJob: FailDeadLetteredJobUseCase,
    private readonly enqueueWebhook: EnqueueWebhookUseCase,
  ) {}

  @SqsMessageHandler(DEAD_LETTERS_CONSUMER, false)
  async handle(message: Message): Promise<void> {
    const job = decodeJobMessage(message.Body);
    if (!job) {
      this.logger.error(
        { messageId: message.MessageId, body: message.Body?.slice(0, 200) },
        'dead-lettered message is not a job message; dropped',
      );
      return;
    }
    const { outcome, endedJob } = await this.failDeadLetteredJob.execute(job.jobId);
    if (outcome === 'unknown-job')
      this.logger.error(
        { jobId: job.jobId, messageId: message.MessageId },
        'dead-lettered message names no known job; dropped',
      );
    // The job has ended now, one way or another: its webhook, if it has one, before the message goes.
    else await this.enqueueWebhook.execute(new EnqueueWebhookCommand(job.jobId, job.requestId, endedJob));
  }

  @SqsConsumerEventHandler(DEAD_LETTERS_CONSUMER, 'error')
  onError(error: Error): void {
    if (error.name !== 'AbortError' && !/aborted/i.test(error.message))
      this.logger.warn({ err: error }, 'dead-letter queue error');
  }
}
