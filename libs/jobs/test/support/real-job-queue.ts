import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SqsJobQueue } from '../../src/adapters/sqs/sqs-job-queue';
import { decodeJobMessage } from '../../src/domain/job-message';
import { JobQueue } from '../../src/ports/job-queue.port';

/** A fresh queue on a real SQS endpoint, the JobQueue adapter in front of it, and a reader that drains it. */
export async function realJobQueue(
  sqs: SQSClient,
  name: string,
): Promise<{ queue: JobQueue; receiveJobIds(): Promise<string[]> }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  return {
    queue: new SqsJobQueue(sqs, QueueUrl!),
    async receiveJobIds() {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const message of Messages) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
      return Messages.map((message) => decodeJobMessage(message.Body)?.jobId ?? 'not a job message');
    },
  };
}
