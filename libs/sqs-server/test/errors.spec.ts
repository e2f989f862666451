import { describe, expect, it } from 'vitest';
import { postJson, useTestServer } from './support/test-server';

describe('malformed requests', () => {
  const t = useTestServer();

  const post = async (target: string, body: string) => {
    const response = await postJson(t.server.endpoint, target, body);
    return {
      status: response.status,
      queryError: response.headers.get('x-amzn-query-error'),
      json: (await response.json()) as { __type: string; message: string },
    };
  };

  it('when the operation is unknown, then 400 UnknownOperationException, not a 500', async () => {
    const { status, json } = await post('AmazonSQS.Dance', '{}');
    expect(status).toBe(400);
    expect(json.__type).toBe('com.amazonaws.sqs#UnknownOperationException');
  });

  it('when the body is not JSON or not an object, then 400 with a clear message', async () => {
    const broken = await post('AmazonSQS.SendMessage', '{"QueueUrl":');
    expect(broken.status).toBe(400);
    expect(broken.json.message).toMatch(/not valid JSON/);
    const list = await post('AmazonSQS.SendMessage', '[1,2]');
    expect(list.status).toBe(400);
  });

  it('when a parameter has the wrong type, then InvalidParameterValue with its x-amzn-query-error', async () => {
    await post('AmazonSQS.CreateQueue', '{"QueueName":"typed"}');
    const { status, queryError, json } = await post(
      'AmazonSQS.ReceiveMessage',
      `{"QueueUrl":"${t.server.endpoint}/000000000000/typed","MaxNumberOfMessages":"ten"}`,
    );
    expect(status).toBe(400);
    expect(queryError).toBe('InvalidParameterValue;Sender');
    expect(json.__type).toBe('com.amazonaws.sqs#InvalidParameterValue');
  });

  it('when the body is larger than any valid request, then 413 and the server keeps serving', async () => {
    const response = await postJson(t.server.endpoint, 'AmazonSQS.SendMessage', 'x'.repeat(4 * 1024 * 1024));
    expect(response.status).toBe(413);
    const health = await fetch(`${t.server.endpoint}/health`);
    expect(health.status).toBe(200);
  });
});
