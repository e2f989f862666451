import { describe, expect, it } from 'vitest';
import { postForm, postJson, useTestServer } from './support/test-server';

// Names that every plain JavaScript object answers to, though no client ever defined them.
const OBJECT_NAMES = ['constructor', '__proto__', 'hasOwnProperty', 'toString'];

describe('names inherited from Object.prototype', () => {
  const t = useTestServer();

  const answer = async (response: Response) => ({ status: response.status, text: await response.text() });
  const sendJson = async (target: string, body: string) => answer(await postJson(t.server.endpoint, target, body));
  const postQuery = async (body: string) => answer(await postForm(`${t.server.endpoint}/`, body));

  it.each(OBJECT_NAMES)('when the JSON operation is AmazonSQS.%s, then 400 UnknownOperationException', async (name) => {
    const { status, text } = await sendJson(`AmazonSQS.${name}`, '{}');
    expect(status).toBe(400);
    expect(JSON.parse(text).__type).toBe('com.amazonaws.sqs#UnknownOperationException');
    expect(text).not.toMatch(/dataDir|sqlite|function/i);
  });

  it.each(OBJECT_NAMES)('when the Query Action is %s, then 400 InvalidAction', async (name) => {
    const { status, text } = await postQuery(`Action=${name}`);
    expect(status).toBe(400);
    expect(text).toContain('<Code>InvalidAction</Code>');
    expect(text).not.toMatch(/dataDir|sqlite|function/i);
  });

  it.each(OBJECT_NAMES)(
    'when CreateQueue sets the attribute %s, then 400 InvalidAttributeName and no queue',
    async (name) => {
      const queueName = `attr-${name.replace(/_/g, '')}`;
      const { status, text } = await sendJson(
        'AmazonSQS.CreateQueue',
        JSON.stringify({ QueueName: queueName, Attributes: JSON.parse(`{"${name}":"x"}`) }),
      );
      expect(status).toBe(400);
      expect(JSON.parse(text).__type).toBe('com.amazonaws.sqs#InvalidAttributeName');
      const lookup = await sendJson('AmazonSQS.GetQueueUrl', JSON.stringify({ QueueName: queueName }));
      expect(lookup.status).toBe(400);
    },
  );

  it.each(OBJECT_NAMES)(
    'when a Query CreateQueue sets the attribute %s, then 400 InvalidAttributeName',
    async (name) => {
      const { status, text } = await postQuery(
        `Action=CreateQueue&QueueName=q-${name.replace(/_/g, '')}&Attribute.1.Name=${name}&Attribute.1.Value=x`,
      );
      expect(status).toBe(400);
      expect(text).toContain('<Code>InvalidAttributeName</Code>');
    },
  );

  it('when Query parameter names start with __proto__ or constructor, then Object.prototype is left untouched', async () => {
    await postQuery(
      'Action=ListQueues&__proto__.pollutedBySqs=yes&constructor.prototype.pollutedBySqs=yes&__proto__=x',
    );
    expect(({} as Record<string, unknown>).pollutedBySqs).toBeUndefined();
    const { status } = await postQuery('Action=ListQueues');
    expect(status).toBe(200);
  });

  it('when a message attribute is named __proto__, then it is kept and comes back with the message', async () => {
    const url = await t.createQueue('proto-attribute');
    const attributes = JSON.parse('{"__proto__":{"DataType":"String","StringValue":"kept"}}');
    const sent = await sendJson(
      'AmazonSQS.SendMessage',
      JSON.stringify({ QueueUrl: url, MessageBody: 'b', MessageAttributes: attributes }),
    );
    expect(sent.status).toBe(200);
    const received = await sendJson(
      'AmazonSQS.ReceiveMessage',
      JSON.stringify({ QueueUrl: url, MessageAttributeNames: ['All'] }),
    );
    const message = JSON.parse(received.text).Messages[0];
    expect(Object.keys(message.MessageAttributes)).toEqual(['__proto__']);
    expect(message.MD5OfMessageAttributes).toBe(JSON.parse(sent.text).MD5OfMessageAttributes);
  });
});
