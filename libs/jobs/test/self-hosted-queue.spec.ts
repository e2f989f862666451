import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SQSClient } from '@aws-sdk/client-sqs';
import { jobQueueOptionsOf } from '@app/config';
import { startSqsServer, type SqsServer } from '@app/sqs-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, tempDataDir, testConfig } from '../../../test/support/test-env';
import { waitForSelfHostedQueue } from '../src/adapters/sqs/wait-for-self-hosted-queue';

describe('the self-hosted jobs queue at start-up', () => {
  const dataDir = tempDataDir('self-hosted-queue');
  let server: SqsServer;
  let sqs: SQSClient;
  const config = (
    name: string,
    maxReceiveCount: number,
    visibilityTimeoutSeconds: number,
    port = new URL(server.endpoint).port,
  ) =>
    jobQueueOptionsOf(
      testConfig({
        QUEUE_HOST: '127.0.0.1',
        QUEUE_PORT: port,
        QUEUE_NAME: name,
        MAX_RECEIVE_COUNT: maxReceiveCount,
        QUEUE_VISIBILITY_TIMEOUT_SECONDS: visibilityTimeoutSeconds,
      }),
    );
  const attributesOf = async (name: string) => {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    return (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }))).Attributes ?? {};
  };

  beforeAll(async () => {
    server = await startSqsServer({ dataDir: dataDir.dir, port: 0 });
    sqs = new SQSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
  });
  afterAll(async () => {
    sqs?.destroy();
    await server?.close();
    dataDir.remove();
  });

  it('when started again with another MAX_RECEIVE_COUNT and visibility timeout, then it succeeds and the queue takes the new values', async () => {
    await waitForSelfHostedQueue(config('restarted', 5, 60));
    await waitForSelfHostedQueue(config('restarted', 3, 90), 1);
    const attributes = await attributesOf('restarted');
    expect(attributes.VisibilityTimeout).toBe('90');
    expect(JSON.parse(attributes.RedrivePolicy ?? '{}').maxReceiveCount).toBe(3);
  });

  it('when the queues are created, then both keep messages 14 days, so none expires while workers are down for days', async () => {
    await waitForSelfHostedQueue(config('retained', 5, 60));
    expect((await attributesOf('retained')).MessageRetentionPeriod).toBe('1209600');
    expect((await attributesOf('retained-dlq')).MessageRetentionPeriod).toBe('1209600');
  });

  it('when the server answers with an error, then it fails at once with that error, not as "did not answer"', async () => {
    await sqs.send(
      new CreateQueueCommand({
        QueueName: 'refused-dlq',
        Attributes: { RedriveAllowPolicy: '{"redrivePermission":"denyAll"}' },
      }),
    );
    const failure = waitForSelfHostedQueue(config('refused', 5, 60));
    await expect(failure).rejects.toThrow(/RedriveAllowPolicy/);
    await expect(failure).rejects.not.toThrow(/did not answer/);
  });

  it('when nothing listens on the queue port, then after the attempts it says the queue server did not answer', async () => {
    const closedPort = await freePort();
    await expect(waitForSelfHostedQueue(config('nobody', 5, 60, String(closedPort)), 2)).rejects.toThrow(
      /did not answer/,
    );
  });
});
