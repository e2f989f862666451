import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { postForm, useTestServer } from './support/test-server';

/** Older SDKs (and Debian's aws CLI) speak the Query protocol: form-encoded `Action=...`, XML answers. */
describe('Query protocol and STS', () => {
  const t = useTestServer();

  const post = async (path: string, form: Record<string, string>) => {
    const response = await postForm(`${t.server.endpoint}${path}`, new URLSearchParams(form));
    return { status: response.status, xml: await response.text() };
  };

  it('when a queue is created, sent to and received from with form posts, then XML answers carry the same data', async () => {
    const created = await post('/', {
      Action: 'CreateQueue',
      QueueName: 'legacy',
      'Attribute.1.Name': 'VisibilityTimeout',
      'Attribute.1.Value': '7',
    });
    expect(created.xml).toContain(`<QueueUrl>${t.server.endpoint}/000000000000/legacy</QueueUrl>`);
    const sent = await post('/000000000000/legacy', {
      Action: 'SendMessage',
      MessageBody: 'a<b>&c',
      'MessageAttribute.1.Name': 'k',
      'MessageAttribute.1.Value.DataType': 'String',
      'MessageAttribute.1.Value.StringValue': 'v',
    });
    expect(sent.xml).toMatch(/<SendMessageResponse[^>]*><SendMessageResult><MessageId>[0-9a-f-]{36}<\/MessageId>/);
    expect(sent.xml).toContain(
      `<MD5OfMessageBody>${createHash('md5').update('a<b>&c').digest('hex')}</MD5OfMessageBody>`,
    );
    const received = await post('/', {
      Action: 'ReceiveMessage',
      QueueUrl: `${t.server.endpoint}/000000000000/legacy`,
      'AttributeName.1': 'All',
      'MessageAttributeName.1': 'All',
    });
    expect(received.xml).toContain('<Body>a&lt;b&gt;&amp;c</Body>');
    expect(received.xml).toContain(
      '<MessageAttribute><Name>k</Name><Value><DataType>String</DataType><StringValue>v</StringValue></Value></MessageAttribute>',
    );
    expect(received.xml).toContain('<Attribute><Name>ApproximateReceiveCount</Name><Value>1</Value></Attribute>');
    const attributes = await post('/000000000000/legacy', {
      Action: 'GetQueueAttributes',
      'AttributeName.1': 'VisibilityTimeout',
    });
    expect(attributes.xml).toContain('<Attribute><Name>VisibilityTimeout</Name><Value>7</Value></Attribute>');
  });

  it('when a batch is sent by form post, then each entry is answered by id', async () => {
    await post('/', { Action: 'CreateQueue', QueueName: 'legacy-batch' });
    const { xml } = await post('/000000000000/legacy-batch', {
      Action: 'SendMessageBatch',
      'SendMessageBatchRequestEntry.1.Id': 'first',
      'SendMessageBatchRequestEntry.1.MessageBody': 'one',
      'SendMessageBatchRequestEntry.2.Id': 'second',
      'SendMessageBatchRequestEntry.2.MessageBody': 'two',
    });
    expect(xml.match(/<SendMessageBatchResultEntry><Id>(first|second)<\/Id>/g)).toHaveLength(2);
  });

  it('when the queue is missing, then an ErrorResponse with the legacy code and status 400', async () => {
    const { status, xml } = await post('/', { Action: 'GetQueueUrl', QueueName: 'nowhere' });
    expect(status).toBe(400);
    expect(xml).toContain('<Code>AWS.SimpleQueueService.NonExistentQueue</Code>');
    const unknown = await post('/', { Action: 'Dance' });
    expect(unknown.status).toBe(400);
    expect(unknown.xml).toContain('<Code>InvalidAction</Code>');
  });

  it('when permissions, tags and FIFO names break the rules by form post, then the same codes and statuses as JSON', async () => {
    await post('/', { Action: 'CreateQueue', QueueName: 'form-rules' });
    const path = '/000000000000/form-rules';
    const added = await post(path, {
      Action: 'AddPermission',
      Label: 'partner',
      'AWSAccountId.1': '123456789012',
      'ActionName.1': 'SendMessage',
    });
    expect(added.status).toBe(200);
    const policy = await post(path, { Action: 'GetQueueAttributes', 'AttributeName.1': 'Policy' });
    expect(policy.xml).toContain('partner');
    const noLabel = await post(path, { Action: 'RemovePermission' });
    expect(noLabel.status).toBe(400);
    expect(noLabel.xml).toContain('<Code>MissingParameter</Code>');
    const overLimit = await post(path, {
      Action: 'AddPermission',
      Label: 'many',
      'AWSAccountId.1': '123456789012',
      ...Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`ActionName.${i + 1}`, 'SendMessage'])),
    });
    expect(overLimit.status).toBe(403);
    expect(overLimit.xml).toContain('<Code>OverLimit</Code>');
    const noTags = await post(path, { Action: 'TagQueue' });
    expect(noTags.xml).toContain('<Code>MissingParameter</Code>');
    const fifo = await post('/', {
      Action: 'CreateQueue',
      QueueName: 'plain',
      'Attribute.1.Name': 'FifoQueue',
      'Attribute.1.Value': 'true',
    });
    expect(fifo.status).toBe(400);
    expect(fifo.xml).toContain('<Code>InvalidParameterValue</Code>');
    expect(fifo.xml).toContain('must end with .fifo suffix');
  });

  it('when STS GetCallerIdentity is asked, then the configured account answers', async () => {
    const { status, xml } = await post('/', { Action: 'GetCallerIdentity', Version: '2011-06-15' });
    expect(status).toBe(200);
    expect(xml).toContain('<Account>000000000000</Account>');
    expect(xml).toContain('<Arn>arn:aws:iam::000000000000:root</Arn>');
    const json = await fetch(`${t.server.endpoint}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSSecurityTokenServiceV20110615.GetCallerIdentity',
      },
      body: '{}',
    });
    expect(await json.json()).toEqual({
      UserId: '000000000000',
      Account: '000000000000',
      Arn: 'arn:aws:iam::000000000000:root',
    });
  });
});
