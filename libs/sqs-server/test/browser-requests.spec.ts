import { CreateQueueCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { changeRequests, errorOf, newClient, rawRequest, useTestServer } from './support/test-server';

describe('the queue server is no browser target', () => {
  const t = useTestServer();

  const queueNames = async () =>
    ((await t.sqs.send(new ListQueuesCommand({}))).QueueUrls ?? []).map((url) => url.split('/').pop());

  it('when a GET carries an action, then 405 with Allow: POST and nothing changes; a plain GET / still answers', async () => {
    const get = await fetch(`${t.server.endpoint}/?Action=CreateQueue&QueueName=from-a-link`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(await get.text()).toContain('<Code>MethodNotAllowed</Code>');
    expect(await queueNames()).not.toContain('from-a-link');
    const health = await fetch(`${t.server.endpoint}/`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('when the SDK is made to send a GET, then MethodNotAllowed (405) and the queue is not created', async () => {
    const client = newClient(t.server.endpoint);
    changeRequests(client, (request) => (request.method = 'GET'));
    const error = await errorOf(client.send(new CreateQueueCommand({ QueueName: 'sdk-get' })));
    expect(error.name).toBe('MethodNotAllowed');
    expect(error.$metadata?.httpStatusCode).toBe(405);
    expect(await queueNames()).not.toContain('sdk-get');
    client.destroy();
  });

  it('when a web page posts a form from another site, then 403 AccessDenied in the Query shape and nothing changes', async () => {
    const { status, text } = await rawRequest(`${t.server.endpoint}/`, {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: 'https://evil.example',
        'sec-fetch-site': 'cross-site',
      },
      body: 'Action=CreateQueue&QueueName=from-a-page',
    });
    expect(status).toBe(403);
    expect(text).toContain('<Code>AccessDenied</Code>');
    expect(await queueNames()).not.toContain('from-a-page');
  });

  it('when only Origin (or only Sec-Fetch-Site) says another site, then the request is refused all the same', async () => {
    const form = (headers: Record<string, string>) =>
      rawRequest(`${t.server.endpoint}/`, {
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'Action=CreateQueue&QueueName=half-signed',
      });
    expect((await form({ origin: 'http://localhost:3000' })).status).toBe(403);
    expect((await form({ origin: 'null' })).status).toBe(403);
    expect((await form({ 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await form({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect(await queueNames()).not.toContain('half-signed');
  });

  it('when the SDK sends a cross-site Origin, then AccessDenied (403) from the JSON protocol', async () => {
    const client = newClient(t.server.endpoint);
    changeRequests(client, (request) => (request.headers.origin = 'https://evil.example'));
    const error = await errorOf(client.send(new CreateQueueCommand({ QueueName: 'sdk-origin' })));
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(await queueNames()).not.toContain('sdk-origin');
    client.destroy();
  });

  it('when the SDK sends another Host, then AccessDenied (403) and the name is not in the answer', async () => {
    const client = newClient(t.server.endpoint);
    changeRequests(client, (request) => (request.headers.host = `rebound.example:${t.server.port}`));
    const error = await errorOf(client.send(new CreateQueueCommand({ QueueName: 'sdk-host' })));
    expect(error.name).toBe('AccessDenied');
    expect(error.message).not.toContain('rebound.example');
    expect(await queueNames()).not.toContain('sdk-host');
    client.destroy();
  });
});
