import type { Message } from '@aws-sdk/client-sqs';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SqsConsumerEventHandler, SqsMessageHandler } from '@ssut/nestjs-sqs';
import {
  decodeJobMessage,
  EnqueueWebhookCommand,
  EnqueueWebhookUseCase,
  ProcessJobCommand,
  ProcessJobUseCase,
} from '@app/jobs';
import { WorkerMetrics } from './metrics/worker-metrics';

export const JOBS_CONSUMER = 'jobs';

/** JOB_TIMEOUT_SECONDS: how long one job may run before its work is aborted and its message left for a retry. */
export const JOB_TIMEOUT_SECONDS = Symbol('JOB_TIMEOUT_SECONDS');

/**
 * One queue message = one job. Returning acknowledges (deletes) the message; throwing leaves it to come back after
 * its visibility timeout, and after MAX_RECEIVE_COUNT deliveries the queue's redrive policy moves it to the DLQ.
 */
@Injectable()
export class ProcessJobConsumer {
  private readonly logger = new Logger(ProcessJobConsumer.name);
  private inFlight = 0;

  constructor(
    private readonly processJob: ProcessJobUseCase,
    @Inject(JOB_TIMEOUT_SECONDS) private readonly jobTimeoutSeconds: number,
    private readonly metrics: WorkerMetrics,
    private readonly enqueueWebhook: EnqueueWebhookUseCase,
  ) {}

  /** Jobs being handled right now; shutdown waits for them. */
  get jobsInFlight(): number {
    return this.inFlight;
  }

  @SqsMessageHandler(JOBS_CONSUMER, false)
  async handle(message: Message): Promise<void> {
    this.inFlight++;
    this.metrics.messageReceived(message.Attributes?.SentTimestamp);
    try {
      const job = decodeJobMessage(message.Body);
      if (!job)
        throw new Error(`message ${message.MessageId} is not a job message; leaving it for the dead-letter queue`);
      const receiveCount = Number(message.Attributes?.ApproximateReceiveCount ?? 1);
      // JOB_TIMEOUT_SECONDS stops the work itself, not only the wait for it: reads, decodes and inference end.
      const signal = AbortSignal.timeout(this.jobTimeoutSeconds * 1000);
      const { outcome, endedJob } = await this.processJob.execute(
        new ProcessJobCommand(job.jobId, receiveCount, signal, job.requestId),
      );
      // Before the message is acknowledged: a crash before this enqueue brings the message back, and its job, found
      // ended, gets its webhook queued then (COMPLETED, FAILED, or CANCELLED by its owner meanwhile). The ended job
      // the run just wrote or read is passed on, so the enqueue reads it again only when the run does not hold it.
      await this.enqueueWebhook.execute(new EnqueueWebhookCommand(job.jobId, job.requestId, endedJob));
      this.logger.log(
        { jobId: job.jobId, requestId: job.requestId, messageId: message.MessageId, receiveCount, outcome },
        'message handled',
      );
    } finally {
      this.inFlight--;
    }
  }

  @SqsConsumerEventHandler(JOBS_CONSUMER, 'processing_error')
  onProcessingError(error: Error, message: Message): void {
    this.logger.error(
      { err: error, messageId: message?.MessageId, ...decodeJobMessage(message?.Body) },
      'job message failed; it will be retried',
    );
  }

  @SqsConsumerEventHandler(JOBS_CONSUMER, 'timeout_error')
  onTimeout(error: Error, message: Message): void {
    this.logger.error(
      { err: error, messageId: message?.MessageId, ...decodeJobMessage(message?.Body) },
      'job exceeded JOB_TIMEOUT_SECONDS; its message is left for a retry',
    );
  }

  @SqsConsumerEventHandler(JOBS_CONSUMER, 'error')
  onError(error: Error): void {
    if (error.name !== 'AbortError') this.logger.warn({ err: error }, 'queue error');
  }
}
