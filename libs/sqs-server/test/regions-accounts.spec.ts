import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

describe('queues live per region and per account', () => {
  const t = useTestServer();
  const clients: SQSClient[] = [];
  const clientFor = (region: string, accessKeyId = 'local') => {
    const sqs = new SQSClient({
      endpoint: t.server.endpoint,
      region,
      credentials: { accessKeyId, secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    clients.push(sqs);
    return sqs;
  };
  afterAll(() => clients.forEach((sqs) => sqs.destroy()));
  const names = async (sqs: SQSClient) =>
    ((await sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).map((url) => url.split('/').pop());

  it('when a queue is created in us-west-1, then its URL and ARN carry the region and us-west-2 does not list it', async () => {
    const west1 = clientFor('us-west-1');
    const { QueueUrl } = await west1.send(new CreateQueueCommand({ QueueName: 'regional' }));
    expect(QueueUrl).toBe(`${t.server.endpoint}/us-west-1/000000000000/regional`);
    const { Attributes } = await west1.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    expect(Attributes?.QueueArn).toBe('arn:aws:sqs:us-west-1:000000000000:regional');
    expect(await names(west1)).toContain('regional');
    const west2 = clientFor('us-west-2');
    expect(await names(west2)).not.toContain('regional');
    expect((await errorOf(west2.send(new GetQueueUrlCommand({ QueueName: 'regional' })))).name).toBe(
      'QueueDoesNotExist',
    );
    // The URL names the queue wherever the caller is, as SQS's URLs do.
    await west2.send(new SendMessageCommand({ QueueUrl, MessageBody: 'across regions' }));
    expect((await west1.send(new ReceiveMessageCommand({ QueueUrl }))).Messages?.[0]?.Body).toBe('across regions');
  });

  it("when two 12-digit access key ids use the same queue name, then they are two accounts' queues", async () => {
    const alice = clientFor('us-east-1', '111111111111');
    const bob = clientFor('us-east-1', '222222222222');
    const a = await alice.send(new CreateQueueCommand({ QueueName: 'shared', Attributes: { DelaySeconds: '1' } }));
    const b = await bob.send(new CreateQueueCommand({ QueueName: 'shared', Attributes: { DelaySeconds: '2' } }));
    expect(a.QueueUrl).toBe(`${t.server.endpoint}/111111111111/shared`);
    expect(b.QueueUrl).toBe(`${t.server.endpoint}/222222222222/shared`);
    const { Attributes } = await bob.send(
      new GetQueueAttributesCommand({ QueueUrl: b.QueueUrl, AttributeNames: ['QueueArn', 'DelaySeconds'] }),
    );
    expect(Attributes).toEqual({ QueueArn: 'arn:aws:sqs:us-east-1:222222222222:shared', DelaySeconds: '2' });
    expect(await names(t.sqs)).not.toContain('shared');
  });

  it('when the access key id is not 12 digits, then the queue belongs to QUEUE_ACCOUNT_ID (the default URL stays)', async () => {
    const url = await t.createQueue('image-processing-queue');
    expect(url).toBe(`${t.server.endpoint}/000000000000/image-processing-queue`);
  });
});
