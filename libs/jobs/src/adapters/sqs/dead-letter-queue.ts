import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ListMessageMoveTasksCommand,
  Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJobMessage } from '../../domain/job-message';

export interface DeadLetter {
  messageId: string;
  /** undefined when the body is not a job message. */
  jobId?: string;
  /** Deliveries before this look (the listing's own receive is not counted). */
  receiveCount: number;
  sentAt: Date;
}

export interface RedriveResult {
  /** 'move-task': SQS moved the messages itself; 'copy': received, sent to the jobs queue, then deleted here. */
  method: 'move-task' | 'copy';
  moved: number;
  /** Messages that could not be sent; they stay on the dead-letter queue. */
  failed: number;
}

/** Errors meaning "this endpoint has no StartMessageMoveTask". */
const NO_MOVE_TASKS = /InvalidAction|UnsupportedOperation|UnknownOperation|NotImplemented|not (yet )?implemented/i;

/**
 * Only Amazon SQS has message move tasks; the project's queue server and moto do not (moto answers with an HTML
 * error page the SDK retries for ~20 s), so they are not even asked.
 */
export function offersMoveTasks(queueUrl: string): boolean {
  return /^https:\/\/(sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?|queue\.amazonaws\.com)\//.test(queueUrl);
}

/** How long a message we hold stays hidden from others (the worker's dead-letter consumer among them). */
const HOLD_SECONDS = 60;

/**
 * Operator tools for the jobs queue's dead-letter queue, over the SQS API, so they work the same on the project's
 * queue server and on SQS. Nothing is deleted from the dead-letter queue before its copy is on the jobs queue: a
 * crash in between leaves a duplicate (the job's conditional transitions make a second delivery harmless), never a loss.
 */
export class DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    readonly deadLetterQueueUrl: string,
    readonly jobsQueueUrl: string,
  ) {}

  /** Messages waiting and in flight on the dead-letter queue. */
  async depth(): Promise<number> {
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: this.deadLetterQueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  }

  /**
   * Looks at up to `max` messages without consuming them: each is received (hidden), recorded, then made visible
   * again at once.
   */
  async list(max = 100): Promise<DeadLetter[]> {
    const held = new Map<string, Message>();
    while (held.size < max) {
      const batch = await this.receive(Math.min(10, max - held.size));
      if (batch.length === 0) break;
      for (const message of batch) held.set(message.MessageId!, message);
    }
    await this.release([...held.values()]);
    return [...held.values()].map((message) => ({
      messageId: message.MessageId!,
      jobId: decodeJobMessage(message.Body)?.jobId,
      receiveCount: Math.max(0, Number(message.Attributes?.ApproximateReceiveCount ?? 1) - 1),
      sentAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)),
    }));
  }

  /** Moves every message back to the jobs queue: with SQS's own move task where the endpoint has one, else by copy. */
  async redrive(): Promise<RedriveResult> {
    const moved = offersMoveTasks(this.deadLetterQueueUrl) ? await this.moveTask() : undefined;
    return moved ?? this.copyBack();
  }

  /** Deletes every message on the dead-letter queue; returns how many there were. */
  async purge(): Promise<number> {
    const before = await this.depth();
    await this.sqs.send(new PurgeQueueCommand({ QueueUrl: this.deadLetterQueueUrl }));
    return before;
  }

  private async receive(count: number): Promise<Message[]> {
    const { Messages } = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.deadLetterQueueUrl,
        MaxNumberOfMessages: count,
        VisibilityTimeout: HOLD_SECONDS,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages ?? [];
  }

  private async release(messages: Message[]): Promise<void> {
    for (let i = 0; i < messages.length; i += 10) {
      await this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.deadLetterQueueUrl,
          Entries: messages
            .slice(i, i + 10)
            .map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle!, VisibilityTimeout: 0 })),
        }),
      );
    }
  }

  private async arnOf(queueUrl: string): Promise<string> {
    const { Attributes } = await this.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
    );
    return Attributes!.QueueArn!;
  }

  /** SQS's StartMessageMoveTask, followed until it ends; undefined when the endpoint does not offer it. */
  private async moveTask(): Promise<RedriveResult | undefined> {
    const [SourceArn, DestinationArn] = await Promise.all([
      this.arnOf(this.deadLetterQueueUrl),
      this.arnOf(this.jobsQueueUrl),
    ]);
    let handle: string | undefined;
    try {
      ({ TaskHandle: handle } = await this.sqs.send(new StartMessageMoveTaskCommand({ SourceArn, DestinationArn })));
    } catch (error) {
      if (NO_MOVE_TASKS.test(`${error.name} ${error.message}`)) return undefined;
      throw error;
    }
    for (;;) {
      const { Results } = await this.sqs.send(new ListMessageMoveTasksCommand({ SourceArn, MaxResults: 10 }));
      const task = Results?.find((t) => t.TaskHandle === handle) ?? Results?.[0];
      if (task && task.Status !== 'RUNNING') {
        if (task.Status !== 'COMPLETED')
          throw new Error(`message move task ${task.Status}: ${task.FailureReason ?? ''}`);
        return { method: 'move-task', moved: Number(task.ApproximateNumberOfMessagesMoved ?? 0), failed: 0 };
      }
      await sleep(1000);
    }
  }

  /** Receive, send to the jobs queue, and delete only what the jobs queue acknowledged. */
  private async copyBack(): Promise<RedriveResult> {
    let moved = 0;
    let failed = 0;
    for (;;) {
      const batch = await this.receive(10);
      if (batch.length === 0) return { method: 'copy', moved, failed };
      const sent = await this.sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: this.jobsQueueUrl,
          Entries: batch.map((m, n) => ({
            Id: String(n),
            MessageBody: m.Body!,
            ...(m.MessageAttributes &&
              Object.keys(m.MessageAttributes).length > 0 && { MessageAttributes: m.MessageAttributes }),
          })),
        }),
      );
      const delivered = (sent.Successful ?? []).map((entry) => batch[Number(entry.Id)]);
      failed += (sent.Failed ?? []).length;
      if (delivered.length > 0) {
        const deleted = await this.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: this.deadLetterQueueUrl,
            Entries: delivered.map((m, n) => ({ Id: String(n), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
        if ((deleted.Failed ?? []).length > 0)
          throw new Error(
            `copied ${delivered.length} message(s) but could not delete ${deleted.Failed!.length} from the dead-letter queue: ` +
              'they may be delivered twice (harmless for jobs already finished)',
          );
      }
      moved += delivered.length;
      // Messages that failed to send stay hidden for HOLD_SECONDS, then reappear on the dead-letter queue.
    }
  }
}
