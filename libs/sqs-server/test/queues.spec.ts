import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ListQueueTagsCommand,
  QueueDoesNotExist,
  QueueNameExists,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

describe('queue management', () => {
  const t = useTestServer();

  it('when a queue is created, then its URL is http://host:port/<account>/<name> and GetQueueUrl returns it', async () => {
    const url = await t.createQueue('orders');
    expect(url).toBe(`${t.server.endpoint}/000000000000/orders`);
    const found = await t.sqs.send(new GetQueueUrlCommand({ QueueName: 'orders' }));
    expect(found.QueueUrl).toBe(url);
  });

  it('when CreateQueue repeats with equal attributes, then it succeeds; with different ones, then QueueAlreadyExists', async () => {
    await t.createQueue('idem', { VisibilityTimeout: '40' });
    expect(await t.createQueue('idem', { VisibilityTimeout: '40' })).toContain('/idem');
    expect(await t.createQueue('idem')).toContain('/idem');
    const error = await errorOf(t.createQueue('idem', { VisibilityTimeout: '41' }));
    expect(error).toBeInstanceOf(QueueNameExists);
    expect(error.Code).toBe('QueueAlreadyExists');
  });

  it('when a queue name or attribute is invalid, then InvalidParameterValue, InvalidAttributeName or InvalidAttributeValue', async () => {
    expect((await errorOf(t.createQueue('bad name'))).name).toBe('InvalidParameterValue');
    expect((await errorOf(t.createQueue('x'.repeat(81)))).name).toBe('InvalidParameterValue');
    expect((await errorOf(t.createQueue('q1', { Colour: 'blue' }))).name).toBe('InvalidAttributeName');
    expect((await errorOf(t.createQueue('q1', { VisibilityTimeout: '43201' }))).name).toBe('InvalidAttributeValue');
    expect((await errorOf(t.sqs.send(new CreateQueueCommand({ QueueName: '' })))).name).toBe('MissingParameter');
  });

  it('when the FIFO attribute and the name disagree, then InvalidParameterValue with the wording SQS uses', async () => {
    const fifoName = await errorOf(t.createQueue('orders.fifo'));
    expect(fifoName.name).toBe('InvalidParameterValue');
    expect(fifoName.message).toBe(
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
    const plainName = await errorOf(t.createQueue('orders', { FifoQueue: 'true' }));
    expect(plainName.name).toBe('InvalidParameterValue');
    expect(plainName.message).toBe(
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
    expect((await errorOf(t.createQueue('orders', { FifoQueue: 'maybe' }))).name).toBe('InvalidAttributeValue');
    expect((await errorOf(t.sqs.send(new GetQueueUrlCommand({ QueueName: '' })))).name).toBe('MissingParameter');
  });

  it('when a queue does not exist, then QueueDoesNotExist with the query code AWS.SimpleQueueService.NonExistentQueue', async () => {
    const error = await errorOf(t.sqs.send(new GetQueueUrlCommand({ QueueName: 'missing' })));
    expect(error).toBeInstanceOf(QueueDoesNotExist);
    expect(error.Code).toBe('AWS.SimpleQueueService.NonExistentQueue');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('when listing with a prefix and MaxResults, then pages follow NextToken in name order', async () => {
    for (const name of ['page-c', 'page-a', 'page-b', 'other']) await t.createQueue(name);
    const first = await t.sqs.send(new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2 }));
    expect(first.QueueUrls?.map((url) => url.split('/').pop())).toEqual(['page-a', 'page-b']);
    const second = await t.sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: 'page-', MaxResults: 2, NextToken: first.NextToken }),
    );
    expect(second.QueueUrls?.map((url) => url.split('/').pop())).toEqual(['page-c']);
    expect(second.NextToken).toBeUndefined();
  });

  it('when attributes are set, then GetQueueAttributes returns them with the computed ones', async () => {
    const url = await t.createQueue('attrs');
    await t.sqs.send(
      new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { VisibilityTimeout: '5', DelaySeconds: '2' } }),
    );
    const { Attributes } = await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(Attributes).toMatchObject({
      VisibilityTimeout: '5',
      DelaySeconds: '2',
      MessageRetentionPeriod: '345600',
      MaximumMessageSize: '1048576',
      ReceiveMessageWaitTimeSeconds: '0',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:attrs',
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      ApproximateNumberOfMessagesDelayed: '0',
    });
    expect(Number(Attributes?.CreatedTimestamp)).toBeGreaterThan(1_600_000_000);
    const one = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['VisibilityTimeout'] }),
    );
    expect(one.Attributes).toEqual({ VisibilityTimeout: '5' });
    const error = await errorOf(
      t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Nope' as never] })),
    );
    expect(error.name).toBe('InvalidAttributeName');
  });

  it('when tags are added and removed, then ListQueueTags shows the current set', async () => {
    const url = (await t.sqs.send(new CreateQueueCommand({ QueueName: 'tagged', tags: { team: 'vision' } }))).QueueUrl;
    await t.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { env: 'dev', tier: 'free' } }));
    await t.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: ['tier'] }));
    const { Tags } = await t.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }));
    expect(Tags).toEqual({ team: 'vision', env: 'dev' });
  });

  it('when a queue names another as its dead-letter queue, then ListDeadLetterSourceQueues lists it', async () => {
    const dlq = await t.createQueue('dead');
    const dlqArn = 'arn:aws:sqs:us-east-1:000000000000:dead';
    const source = await t.createQueue('source', {
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 2 }),
    });
    const { queueUrls } = await t.sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: dlq }));
    expect(queueUrls).toEqual([source]);
    const error = await errorOf(
      t.createQueue('orphan', {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `${dlqArn}-x`, maxReceiveCount: 2 }),
      }),
    );
    expect(error.name).toBe('InvalidAttributeValue');
  });

  it('when CreateQueue repeats a RedrivePolicy written differently, then it is the same queue, stored in canonical form', async () => {
    await t.createQueue('canon-dlq');
    const arn = 'arn:aws:sqs:us-east-1:000000000000:canon-dlq';
    const url = await t.createQueue('canon', {
      RedrivePolicy: `{"maxReceiveCount":"3","deadLetterTargetArn":"${arn}"}`,
    });
    expect(
      await t.createQueue('canon', { RedrivePolicy: `{ "deadLetterTargetArn": "${arn}", "maxReceiveCount": 3 }` }),
    ).toBe(url);
    const { Attributes } = await t.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['RedrivePolicy'] }),
    );
    expect(Attributes?.RedrivePolicy).toBe(`{"deadLetterTargetArn":"${arn}","maxReceiveCount":3}`);
  });

  it("when the dead-letter queue's RedriveAllowPolicy denies a source, then setting that RedrivePolicy is InvalidAttributeValue", async () => {
    await t.createQueue('closed-dlq', {
      RedriveAllowPolicy:
        '{"redrivePermission":"byQueue","sourceQueueArns":["arn:aws:sqs:us-east-1:000000000000:allowed"]}',
    });
    const policy = JSON.stringify({
      deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:closed-dlq',
      maxReceiveCount: 1,
    });
    expect(await t.createQueue('allowed', { RedrivePolicy: policy })).toContain('/allowed');
    expect((await errorOf(t.createQueue('refused', { RedrivePolicy: policy }))).name).toBe('InvalidAttributeValue');
  });

  it('when a queue is deleted, then it is gone from the list and its URL answers QueueDoesNotExist', async () => {
    const url = await t.createQueue('short-lived');
    await t.sqs.send(new DeleteQueueCommand({ QueueUrl: url }));
    const { QueueUrls = [] } = await t.sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls).not.toContain(url);
    expect(await errorOf(t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url })))).toBeInstanceOf(
      QueueDoesNotExist,
    );
  });
});
