import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

/** Credentials moto accepts (it checks none); handed to clients the tests build themselves. */
export const MOTO_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const MOTO_REGION = 'us-east-1';

export interface MotoServer {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string;
  port: number;
  /** Forget every bucket, table and queue (moto's own reset API). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const LISTENING = /Running on http:\/\/127\.0\.0\.1:(\d+)/;

/**
 * moto_server as `moto_server` starts it, but answering one request at a time. DynamoDB applies a conditional update
 * atomically per item; threaded moto checks the condition and writes in two steps without a lock, so two concurrent
 * conditional writes can both pass under load. Serialized, moto keeps DynamoDB's guarantee, and a race test asserts
 * the store's conditions rather than moto's threading. (Long polls then hold the server: use short waits.)
 */
const SERIALIZED_MOTO = `
from werkzeug.serving import run_simple
from moto.server import DomainDispatcherApplication, create_backend_app
run_simple('127.0.0.1', 0, DomainDispatcherApplication(create_backend_app), threaded=False)
`;

/**
 * Starts `moto_server` on a port the OS picks (-p 0) and reads the real port from its banner, so parallel test
 * files never collide. Resolves once it answers HTTP. `serialized`: see SERIALIZED_MOTO.
 */
export async function startMoto(
  timeoutMs = 20_000,
  { serialized = false }: { serialized?: boolean } = {},
): Promise<MotoServer> {
  const child = serialized
    ? spawn('python3', ['-c', SERIALIZED_MOTO], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await waitForBanner(child, timeoutMs);
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilAnswering(endpoint, timeoutMs);
  return {
    endpoint,
    port,
    async reset() {
      const response = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset answered ${response.status}`);
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * The AWS SDK's default credential chain (used by the adapters, as in production) reads these; moto needs some.
 * Only sets what is unset, so a developer's own settings are not overwritten.
 */
export function useMotoCredentials(): void {
  process.env.AWS_ACCESS_KEY_ID ??= MOTO_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= MOTO_CREDENTIALS.secretAccessKey;
}

function waitForBanner(child: ChildProcess, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(
      () => fail(new Error(`moto_server did not start within ${timeoutMs} ms:\n${output}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = LISTENING.exec(output);
      if (match) done(Number(match[1]));
    };
    const onExit = (code: number | null) =>
      fail(new Error(`moto_server exited (${code}) before listening:\n${output}`));
    const onError = (error: Error) =>
      fail(new Error(`could not run moto_server (is it installed? pip install 'moto[server]'): ${error.message}`));
    const cleanUp = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
      child.off('error', onError);
      // Keep draining its output so a chatty server never blocks on a full pipe.
      child.stdout?.resume();
      child.stderr?.resume();
    };
    const done = (port: number) => {
      cleanUp();
      resolve(port);
    };
    const fail = (error: Error) => {
      cleanUp();
      child.kill('SIGKILL');
      reject(error);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', onError);
  });
}

async function waitUntilAnswering(endpoint: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${endpoint}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not accepting connections yet
    }
    if (Date.now() > deadline) throw new Error(`moto_server at ${endpoint} did not answer within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface FlakyProxy {
  endpoint: string;
  /** Requests seen, refused ones included. */
  requests: number;
  close(): Promise<void>;
}

/**
 * Sits in front of moto and refuses the first `refuse` requests with the given answer (a throttling error, say),
 * then forwards everything: the one fault moto cannot be made to produce, to prove the SDK's retries are on.
 */
export async function startFlakyProxy(
  target: string,
  refuse: number,
  answer: { status: number; contentType: string; body: string },
): Promise<FlakyProxy> {
  const { createServer, request } = await import('node:http');
  const proxy: FlakyProxy = { endpoint: '', requests: 0, close: async () => {} };
  const server = createServer((incoming, outgoing) => {
    proxy.requests++;
    if (proxy.requests <= refuse) {
      incoming.resume();
      outgoing.writeHead(answer.status, { 'content-type': answer.contentType }).end(answer.body);
      return;
    }
    const upstream = request(
      new URL(incoming.url ?? '/', target),
      { method: incoming.method, headers: incoming.headers },
      (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  proxy.endpoint = `http://127.0.0.1:${port}`;
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()));
  return proxy;
}
