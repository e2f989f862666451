import { GetQueueAttributesCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { encodeJobMessage, JobMessage } from '../../domain/job-message';
import { JobQueue } from '../../ports/job-queue.port';

/** SQS takes at most 10 entries per SendMessageBatch. */
const MAX_BATCH_ENTRIES = 10;
/** How long the first message of a batch waits for others: a few ms of latency against one round trip per job. */
export const DEFAULT_SEND_WINDOW_MS = 2;

interface PendingSend {
  body: string;
  resolve: () => void;
  reject: (error: Error) => void;
}

/** An entry SQS refused on its own (SendMessageBatch's `Failed`); the other entries of its batch may have been sent. */
export class MessageNotSentError extends Error {
  constructor(
    readonly code: string | undefined,
    message: string | undefined,
  ) {
    super(`the queue refused the message: ${code ?? 'unknown'}: ${message ?? ''}`);
    this.name = 'MessageNotSentError';
  }
}

/**
 * Sends one message per job to an SQS queue: Amazon SQS or the self-hosted queue server alike. Sends are batched,
 * as high-rate producers do: the messages enqueued within `windowMs` of the first go out in one SendMessageBatch
 * (ten per call), and each enqueue resolves only once SQS acknowledged its own entry. An entry SQS refuses rejects
 * that enqueue alone; a call that fails as a whole rejects every enqueue of it: nothing is reported sent that was not.
 */
export class SqsJobQueue implements JobQueue {
  private pending: PendingSend[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly windowMs = DEFAULT_SEND_WINDOW_MS,
  ) {}

  enqueue(message: JobMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ body: encodeJobMessage(message), resolve, reject });
      // A full batch need not wait for the window.
      if (this.pending.length >= MAX_BATCH_ENTRIES) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  async ping(): Promise<void> {
    await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['QueueArn'] }));
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.pending.length > 0) void this.send(this.pending.splice(0, MAX_BATCH_ENTRIES));
  }

  private async send(batch: PendingSend[]): Promise<void> {
    try {
      const { Successful, Failed } = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((entry, index) => ({ Id: String(index), MessageBody: entry.body })),
        }),
      );
      const sent = new Set((Successful ?? []).map((entry) => entry.Id));
      const failures = new Map((Failed ?? []).map((entry) => [entry.Id, entry]));
      batch.forEach((entry, index) => {
        const id = String(index);
        if (sent.has(id)) return entry.resolve();
        const failure = failures.get(id);
        entry.reject(new MessageNotSentError(failure?.Code ?? 'NoAnswer', failure?.Message ?? 'not in the answer'));
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error as Error);
    }
  }
}
