import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { startSqsServer, type SqsServer } from '@app/sqs-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface TestServer {
  server: SqsServer;
  sqs: SQSClient;
  dataDir: string;
  createQueue(name: string, attributes?: Record<string, string>, tags?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

export function newClient(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** A real server on a free port with its own temporary data directory. */
export async function startTestServer(dataDir = mkdtempSync(join(tmpdir(), 'sqs-server-'))): Promise<TestServer> {
  const server = await startSqsServer({ port: 0, dataDir });
  const sqs = newClient(server.endpoint);
  return {
    server,
    sqs,
    dataDir,
    createQueue: async (name, attributes, tags) =>
      (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes, tags }))).QueueUrl as string,
    stop: async () => {
      sqs.destroy();
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * One server for the enclosing describe block: started before its tests, stopped after them. The returned object
 * is filled in by the beforeAll hook, so read its fields inside hooks and tests only.
 */
export function useTestServer(): TestServer {
  const t = {} as TestServer;
  beforeAll(async () => {
    Object.assign(t, await startTestServer());
  });
  afterAll(() => t.stop());
  return t;
}

/** A raw JSON-protocol request, for what an SDK would never send. */
export function postJson(endpoint: string, target: string, body: string): Promise<Response> {
  return fetch(`${endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
    body,
  });
}

/** A raw Query-protocol request: a form post to `url` (the endpoint or a queue URL). */
export function postForm(url: string, body: string | URLSearchParams): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
}

/** Runs `action` and returns the error it throws, failing if it does not throw. */
export async function errorOf(
  action: Promise<unknown>,
): Promise<Error & { Code?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await action;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Changes every request the client sends, before it is signed (the SDK signs what this leaves). */
export function changeRequests(
  client: SQSClient,
  change: (request: { method: string; headers: Record<string, string> }) => void,
): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      change(args.request as { method: string; headers: Record<string, string> });
      return next(args);
    },
    { step: 'build', name: 'testChangeRequests' },
  );
}

/** A raw HTTP request with headers fetch will not send as given (Host, Origin). */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}
