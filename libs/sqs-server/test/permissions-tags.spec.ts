import {
  AddPermissionCommand,
  GetQueueAttributesCommand,
  RemovePermissionCommand,
  SetQueueAttributesCommand,
  TagQueueCommand,
  UntagQueueCommand,
  ListQueueTagsCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { errorOf, useTestServer } from './support/test-server';

describe('permissions, policies and tags', () => {
  const t = useTestServer();
  const policyOf = async (url: string) =>
    (await t.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['Policy'] }))).Attributes?.Policy;

  it('when a permission is added, then the Policy has its statement; when removed, then the Policy is gone', async () => {
    const url = await t.createQueue('shared-with-partner');
    await t.sqs.send(
      new AddPermissionCommand({
        QueueUrl: url,
        Label: 'partner-send',
        AWSAccountIds: ['123456789012'],
        Actions: ['SendMessage', 'GetQueueUrl'],
      }),
    );
    expect(JSON.parse((await policyOf(url)) as string)).toEqual({
      Version: '2012-10-17',
      Id: 'arn:aws:sqs:us-east-1:000000000000:shared-with-partner/SQSDefaultPolicy',
      Statement: [
        {
          Sid: 'partner-send',
          Effect: 'Allow',
          Principal: { AWS: ['arn:aws:iam::123456789012:root'] },
          Action: ['SQS:SendMessage', 'SQS:GetQueueUrl'],
          Resource: 'arn:aws:sqs:us-east-1:000000000000:shared-with-partner',
        },
      ],
    });
    await t.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'partner-send' }));
    expect(await policyOf(url)).toBeUndefined();
  });

  it('when a permission breaks the rules, then the code and message SQS gives', async () => {
    const url = await t.createQueue('strict-permissions');
    const add = (input: { Label?: string; AWSAccountIds?: string[]; Actions?: string[] }) =>
      errorOf(
        t.sqs.send(
          new AddPermissionCommand({
            QueueUrl: url,
            Label: 'ok',
            AWSAccountIds: ['123456789012'],
            Actions: ['SendMessage'],
            ...input,
          } as never),
        ),
      );
    expect((await add({ Label: 'bad label!' })).name).toBe('InvalidParameterValue');
    expect((await add({ Label: '' })).name).toBe('MissingParameter');
    expect((await add({ AWSAccountIds: [] })).name).toBe('MissingParameter');
    expect((await add({ AWSAccountIds: ['12345'] })).message).toMatch(/AWSAccountId is invalid/);
    expect((await add({ Actions: [] })).name).toBe('MissingParameter');
    expect((await add({ Actions: ['CreateQueue'] })).name).toBe('InvalidParameterValue');
    const overLimit = await add({ Actions: Array(8).fill('SendMessage') });
    expect(overLimit.name).toBe('OverLimit');
    expect(overLimit.$metadata?.httpStatusCode).toBe(403);
    await t.sqs.send(
      new AddPermissionCommand({ QueueUrl: url, Label: 'ok', AWSAccountIds: ['123456789012'], Actions: ['*'] }),
    );
    expect((await add({})).message).toMatch(/Label is invalid. Reason: Already exists/);
    const missing = await errorOf(t.sqs.send(new RemovePermissionCommand({ QueueUrl: url, Label: 'nope' })));
    expect(missing.name).toBe('InvalidParameterValue');
  });

  it('when Policy is set to the empty string, then the queue has no Policy', async () => {
    const url = await t.createQueue('policy-reset');
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: [] });
    await t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: policy } }));
    expect(await policyOf(url)).toBe(policy);
    await t.sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: { Policy: '' } }));
    expect(await policyOf(url)).toBeUndefined();
  });

  it('when tags break the rules, then MissingParameter or InvalidParameterValue and the tags stay as they were', async () => {
    const url = await t.createQueue('tag-rules');
    await t.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags: { team: 'vision' } }));
    const tag = (Tags: Record<string, string>) => errorOf(t.sqs.send(new TagQueueCommand({ QueueUrl: url, Tags })));
    expect((await tag({})).name).toBe('MissingParameter');
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect((await tag(many)).message).toMatch(/Too many tags/);
    expect((await tag({ ['k'.repeat(129)]: 'v' })).name).toBe('InvalidParameterValue');
    expect((await tag({ 'aws:owner': 'me' })).name).toBe('InvalidParameterValue');
    expect((await tag({ long: 'v'.repeat(257) })).name).toBe('InvalidParameterValue');
    const untag = await errorOf(t.sqs.send(new UntagQueueCommand({ QueueUrl: url, TagKeys: [] })));
    expect(untag.name).toBe('MissingParameter');
    expect((await t.sqs.send(new ListQueueTagsCommand({ QueueUrl: url }))).Tags).toEqual({ team: 'vision' });
  });

  it('when CreateQueue carries tags that break the rules, then InvalidParameterValue and no queue', async () => {
    const error = await errorOf(t.createQueue('bad-tags', undefined, { 'aws:x': 'y' }));
    expect(error.name).toBe('InvalidParameterValue');
  });
});
