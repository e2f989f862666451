import { GetQueueAttributesCommand, Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { Injectable, Logger } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { SqsConsumerEventHandler, SqsMessageHandler, SqsModule } from '@ssut/nestjs-sqs';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../../test/support/test-env';
import { createJobQueues } from '../src/adapters/sqs/create-job-queues';
import { SqsJobQueue } from '../src/adapters/sqs/sqs-job-queue';
import { decodeJobMessage } from '../src/domain/job-message';

export interface JobQueueFixture {
  /** A client on the server under test (the project's queue server, or moto's SQS). */
  sqs: SQSClient;
  close(): Promise<void>;
}

const CONSUMER = 'contract-jobs';
const MAX_RECEIVE_COUNT = 2;

interface Delivery {
  jobId: string;
  receiveCount: number;
}

/** Stands in for the worker's consumer: same library, same options, and it fails the jobs it is told to. */
@Injectable()
class RecordingConsumer {
  readonly deliveries: Delivery[] = [];
  readonly failing = new Set<string>();

  @SqsMessageHandler(CONSUMER, false)
  async handle(message: Message): Promise<void> {
    const job = decodeJobMessage(message.Body);
    if (!job) throw new Error('not a job message');
    this.deliveries.push({ jobId: job.jobId, receiveCount: Number(message.Attributes?.ApproximateReceiveCount) });
    if (this.failing.has(job.jobId)) throw new Error(`job ${job.jobId} fails on purpose`);
  }

  /** The worker logs these too; without a listener, a poll cut short by the server's shutdown would be unhandled. */
  @SqsConsumerEventHandler(CONSUMER, 'error')
  onError(): void {}

  @SqsConsumerEventHandler(CONSUMER, 'processing_error')
  onProcessingError(): void {}
}

/**
 * The queue as producer (SqsJobQueue, as the API uses it) and consumer (@ssut/nestjs-sqs, as the worker uses it),
 * on a queue and DLQ provisioned by aws:init's code: the self-hosted server and SQS must behave alike.
 */
export function describeJobQueueContract(server: string, setUp: () => Promise<JobQueueFixture>): void {
  describe(`Job queue contract (${server})`, () => {
    let fixture: JobQueueFixture;
    let producer: SqsJobQueue;
    let consumer: RecordingConsumer;
    let module: TestingModule;
    let queueUrl: string;
    let deadLetterQueueUrl: string;

    beforeAll(async () => {
      fixture = await setUp();
      const { sqs } = fixture;
      ({ queueUrl, deadLetterQueueUrl } = await createJobQueues(sqs, {
        queueName: `contract-${randomUUID().slice(0, 8)}`,
        visibilityTimeoutSeconds: 1,
        maxReceiveCount: MAX_RECEIVE_COUNT,
      }));
      producer = new SqsJobQueue(sqs, queueUrl);
      module = await Test.createTestingModule({
        imports: [
          SqsModule.register({
            consumers: [
              {
                name: CONSUMER,
                queueUrl,
                sqs,
                waitTimeSeconds: 1,
                visibilityTimeout: 1,
                messageSystemAttributeNames: ['ApproximateReceiveCount'],
                stopOptions: { abort: true },
              },
            ],
            logger: new Logger('sqs', { timestamp: false }),
          }),
        ],
        providers: [RecordingConsumer],
      })
        .setLogger(false as never)
        .compile();
      await module.init();
      consumer = module.get(RecordingConsumer);
    });
    afterAll(async () => {
      await module?.close();
      await fixture?.close();
    });

    const waiting = async (url: string) => {
      const { Attributes } = await fixture.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: url,
          AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
        }),
      );
      return (
        Number(Attributes?.ApproximateNumberOfMessages) + Number(Attributes?.ApproximateNumberOfMessagesNotVisible)
      );
    };

    it('when a job is enqueued, then the consumer gets its id on the first delivery and the message is deleted', async () => {
      const jobId = randomUUID();
      await producer.enqueue({ jobId });
      const delivery = await eventually(async () => consumer.deliveries.find((d) => d.jobId === jobId), 20_000);
      expect(delivery.receiveCount).toBe(1);
      await eventually(async () => ((await waiting(queueUrl)) === 0 ? true : undefined), 20_000);
      expect(consumer.deliveries.filter((d) => d.jobId === jobId)).toHaveLength(1);
    });

    it('when the consumer keeps failing a job, then it is retried with a growing receive count and then lands in the DLQ', async () => {
      const jobId = randomUUID();
      consumer.failing.add(jobId);
      await producer.enqueue({ jobId });
      const inDlq = await eventually(async () => {
        const { Messages = [] } = await fixture.sqs.send(
          new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, WaitTimeSeconds: 1, VisibilityTimeout: 30 }),
        );
        return Messages.find((m) => decodeJobMessage(m.Body)?.jobId === jobId);
      }, 30_000);
      expect(decodeJobMessage(inDlq.Body)).toEqual({ jobId });
      expect(consumer.deliveries.filter((d) => d.jobId === jobId).map((d) => d.receiveCount)).toEqual([1, 2]);
    });

    it('when the queue exists, then ping resolves; when it does not, ping rejects', async () => {
      await expect(producer.ping()).resolves.toBeUndefined();
      const missing = queueUrl.replace(/[^/]+$/, `missing-${randomUUID().slice(0, 8)}`);
      await expect(new SqsJobQueue(fixture.sqs, missing).ping()).rejects.toThrow();
    });
  });
}
