import {
  CreateQueueCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startSqsServer, type SqsServer } from '@app/sqs-server';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sha256 } from '../src/security/sha256';
import { errorOf, postForm, postJson } from './support/test-server';

const KEY = { accessKeyId: 'queue-key', secretAccessKey: 'queue-secret' };

describe('SigV4 verification (QUEUE_ACCESS_KEY_ID / QUEUE_SECRET_ACCESS_KEY set)', () => {
  let server: SqsServer;
  let dataDir: string;
  const clients: SQSClient[] = [];
  const client = (credentials = KEY, extra: Partial<ConstructorParameters<typeof SQSClient>[0]> = {}) => {
    const sqs = new SQSClient({
      endpoint: server.endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      ...extra,
    });
    clients.push(sqs);
    return sqs;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sqs-sigv4-'));
    server = await startSqsServer({ port: 0, dataDir, ...KEY });
  });
  afterAll(async () => {
    for (const sqs of clients) sqs.destroy();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when the SDK signs with the configured key, then every call works', async () => {
    const sqs = client();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'signed' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'signed hello' }));
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(Messages[0]?.Body).toBe('signed hello');
  });

  it('when the secret is wrong, then 403 SignatureDoesNotMatch and nothing is created', async () => {
    const error = await errorOf(
      client({ ...KEY, secretAccessKey: 'guessed' }).send(new CreateQueueCommand({ QueueName: 'forged' })),
    );
    expect(error.name).toBe('SignatureDoesNotMatch');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    const { QueueUrls = [] } = await client().send(new ListQueuesCommand({}));
    expect(QueueUrls.some((url) => url.endsWith('/forged'))).toBe(false);
  });

  it('when the access key id is unknown, then 403 InvalidClientTokenId', async () => {
    const error = await errorOf(client({ ...KEY, accessKeyId: 'someone-else' }).send(new ListQueuesCommand({})));
    expect(error.name).toBe('InvalidClientTokenId');
    expect(error.message).toBe('The security token included in the request is invalid.');
    expect(error.$metadata?.httpStatusCode).toBe(403);
  });

  it('when a request carries no signature, then 403 MissingAuthenticationToken in either protocol', async () => {
    const json = await postJson(server.endpoint, 'AmazonSQS.ListQueues', '{}');
    expect(json.status).toBe(403);
    expect(json.headers.get('x-amzn-query-error')).toBe('MissingAuthenticationToken;Sender');
    const query = await postForm(`${server.endpoint}/`, 'Action=ListQueues');
    expect(query.status).toBe(403);
    expect(await query.text()).toContain('<Code>MissingAuthenticationToken</Code>');
    expect((await fetch(`${server.endpoint}/health`)).status).toBe(200);
  });

  it('when the body is changed after signing, then SignatureDoesNotMatch and the changed request does nothing', async () => {
    const sqs = client();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'tamper' }));
    const tampering = client();
    type Next = (args: { request: unknown }) => Promise<unknown>;
    const tamper = (next: Next) => async (args: { request: unknown }) => {
      const request = args.request as { body: string };
      request.body = request.body.replace('harmless', 'harmful!'); // same length: Content-Length stays right
      return next(args);
    };
    tampering.middlewareStack.addRelativeTo(tamper as never, {
      relation: 'after',
      toMiddleware: 'httpSigningMiddleware',
      name: 'tamper',
    });
    const error = await errorOf(tampering.send(new SendMessageCommand({ QueueUrl, MessageBody: 'harmless' })));
    expect(error.name).toBe('SignatureDoesNotMatch');
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
    expect(Messages).toBeUndefined();
  });

  it('when the signature is older than 15 minutes, then RequestExpired', async () => {
    const late = client(KEY, { systemClockOffset: -20 * 60 * 1000 });
    const error = await errorOf(late.send(new ListQueuesCommand({})));
    expect(error.name).toBe('RequestExpired');
  });

  it('when a presigned POST is used within its lifetime, then it works; after it, then RequestExpired', async () => {
    await client().send(new CreateQueueCommand({ QueueName: 'presigned' }));
    const signer = new SignatureV4({ credentials: KEY, region: 'us-east-1', service: 'sqs', sha256: Sha256 });
    const url = new URL(server.endpoint);
    const presign = (signingDate: Date) =>
      signer.presign(
        {
          method: 'POST',
          protocol: 'http:',
          hostname: url.hostname,
          port: Number(url.port),
          path: '/',
          query: { Action: 'ListQueues', QueueNamePrefix: 'presigned' },
          headers: { host: url.host },
        },
        { expiresIn: 60, signingDate },
      );
    const send = async (signingDate: Date) => {
      const signed = await presign(signingDate);
      const query = new URLSearchParams(signed.query as Record<string, string>).toString();
      return fetch(`${server.endpoint}/?${query}`, { method: 'POST' });
    };
    const fresh = await send(new Date());
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toContain('/000000000000/presigned</QueueUrl>');
    const stale = await send(new Date(Date.now() - 2 * 60 * 1000));
    expect(stale.status).toBe(400);
    expect(await stale.text()).toContain('<Code>RequestExpired</Code>');
  });
});
