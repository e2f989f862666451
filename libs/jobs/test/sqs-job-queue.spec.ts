import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
  SQSClientConfig,
} from '@aws-sdk/client-sqs';
import { startSqsServer } from '@app/sqs-server';
import { createHash } from 'node:crypto';
import { createServer as createHttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../../../test/support/test-env';
import { createdOnFirstUse } from '../src/adapters/aws/created-on-first-use';
import { MessageNotSentError, SqsJobQueue } from '../src/adapters/sqs/sqs-job-queue';
import { decodeJobMessage } from '../src/domain/job-message';

/** A client of the test's SQS endpoint with placeholder credentials (the queue server and the stand-ins accept any). */
const clientOf = (
  endpoint: string | undefined,
  maxAttempts?: number,
  retryStrategy?: SQSClientConfig['retryStrategy'],
) =>
  new SQSClient({
    region: 'us-east-1',
    endpoint,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    ...(maxAttempts && { maxAttempts }),
    ...(retryStrategy && { retryStrategy }),
  });

/** Every message waiting on the queue, taken off it. */
async function drain(sqs: SQSClient, QueueUrl: string): Promise<string[]> {
  const jobIds: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return jobIds.sort();
    for (const m of Messages) {
      jobIds.push(decodeJobMessage(m.Body)!.jobId);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

/**
 * Records the SQS operation of every request the client's HTTP handler sends (the calls stay real), in `calls`;
 * with `hold`, its first request waits for that promise before it leaves.
 */
function recordCalls(client: SQSClient, hold?: Promise<void>): void {
  const handler = client.config.requestHandler;
  const handle = handler.handle.bind(handler);
  let holding = hold !== undefined;
  handler.handle = async (request, options) => {
    const target = String(request.headers['x-amz-target'] ?? '');
    calls.push(target.slice(target.indexOf('.') + 1));
    if (holding) {
      holding = false;
      await hold;
    }
    return handle(request, options);
  };
}

/** The SQS operations the clients called, in order. */
const calls: string[] = [];

/**
 * A stand-in for SQS on a free port, for faults the queue server has no switch for. `refuse` sees each request and
 * may answer it itself (returns true); otherwise the SendMessageBatch is accepted, every entry stored
 * with the MD5 of its body, as SQS answers.
 */
async function standInSqs(
  refuse: (request: IncomingMessage, response: ServerResponse) => boolean,
): Promise<{ endpoint: string; close: () => void }> {
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.setHeader('content-type', 'application/x-amz-json-1.0');
      if (refuse(request, response)) return;
      const { Entries } = JSON.parse(body) as { Entries: { Id: string; MessageBody: string }[] };
      response.end(
        JSON.stringify({
          Successful: Entries.map(({ Id, MessageBody }) => ({
            Id,
            MessageId: `m-${Id}`,
            MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
          })),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, close: () => server.close() };
}

describe("SqsJobQueue's send batching, against the project's queue server", () => {
  const data = tempDataDir('sqs-job-queue');
  let server: Awaited<ReturnType<typeof startSqsServer>>;
  let sqs: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    server = await startSqsServer({ dataDir: data.dir, port: 0 });
    sqs = clientOf(server.endpoint);
    recordCalls(sqs);
    ({ QueueUrl: queueUrl } = (await sqs.send(new CreateQueueCommand({ QueueName: 'batching' }))) as {
      QueueUrl: string;
    });
  });
  afterAll(async () => {
    sqs.destroy();
    await server.close();
    data.remove();
  });
  beforeEach(async () => {
    await drain(sqs, queueUrl);
    calls.length = 0;
  });

  const ids = (n: number, prefix = 'job') =>
    Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(2, '0')}`);
  const sends = () => calls.filter((name) => name.startsWith('SendMessage'));
  /** A client whose first call is held back until `release`: a slow answer, made slow on purpose. */
  const clientHoldingItsFirstCall = () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const slow = clientOf(server.endpoint);
    recordCalls(slow, held);
    return { slow, release };
  };

  it('when the queue never answers (a silent socket), then each call is abandoned after the send timeout and the jobs held behind it are not held forever', async () => {
    // A TCP server that takes connections and never answers: what a keep-alive socket dropped by a NAT looks like.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const client = clientOf(`http://127.0.0.1:${port}`, 1);
    try {
      const queue = new SqsJobQueue(client, `http://127.0.0.1:${port}/000000000000/silent`, 1, 1, 300);
      const startedAt = Date.now();
      const first = queue.enqueue({ jobId: 'first' });
      await sleep(50);
      // Held: the first call is still out.
      const second = queue.enqueue({ jobId: 'second' });
      await expect(first).rejects.toThrow();
      await expect(second).rejects.toThrow();
      expect(Date.now() - startedAt).toBeLessThan(3_000);
    } finally {
      client.destroy();
      silent.close();
    }
  });

  it("when our clock is an hour behind the queue's, then the first refusal sets the client's clock offset from its Date and the retry is accepted", async () => {
    // A stand-in for SQS with a clock an hour ahead: the one fault here this machine's clock cannot be made to have.
    const hourAhead = 3_600_000;
    const signedAt: number[] = [];
    const skewed = await standInSqs((request, response) => {
      const amzDate = String(request.headers['x-amz-date']);
      signedAt.push(
        Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')),
      );
      const now = Date.now() + hourAhead;
      response.setHeader('date', new Date(now).toUTCString());
      if (Math.abs(signedAt.at(-1)! - now) <= 300_000) return false;
      response.statusCode = 400;
      response.end(
        JSON.stringify({ __type: 'com.amazon.coral.service#InvalidSignatureException', message: 'Signature expired' }),
      );
      return true;
    });
    const client = clientOf(skewed.endpoint, 2);
    try {
      const queue = new SqsJobQueue(client, `${skewed.endpoint}/000000000000/skewed`, 1);
      await queue.enqueue({ jobId: 'skewed' });
      expect(signedAt).toHaveLength(2);
      expect(Math.abs(client.config.systemClockOffset - hourAhead)).toBeLessThan(60_000);
    } finally {
      client.destroy();
      skewed.close();
    }
  });

  it('when the queue is made over a client made on first use (the Lambda), then the client is built by the first send, not before', async () => {
    let built = 0;
    const lazy = createdOnFirstUse(() => {
      built++;
      return clientOf(server.endpoint);
    });
    const queue = new SqsJobQueue(lazy, queueUrl, 1);
    expect(built).toBe(0);
    await queue.enqueue({ jobId: 'lazy-client' });
    expect(built).toBe(1);
    expect(await drain(sqs, queueUrl)).toEqual(['lazy-client']);
    lazy.destroy();
  });

  it('when 8 jobs are enqueued within the window, then one SendMessageBatch sends them all and each is on the queue', async () => {
    const queue = new SqsJobQueue(sqs, queueUrl, 20);
    const jobIds = ids(8);
    await Promise.all(jobIds.map((jobId) => queue.enqueue({ jobId })));
    expect(sends()).toEqual(['SendMessageBatch']);
    expect(await drain(sqs, queueUrl)).toEqual(jobIds);
  });

  it('when 25 jobs are enqueued at once, then they go in batches of 10, 10 and 5 and none is lost', async () => {
    const queue = new SqsJobQueue(sqs, queueUrl, 20);
    const jobIds = ids(25);
    await Promise.all(jobIds.map((jobId) => queue.enqueue({ jobId })));
    expect(sends()).toEqual(['SendMessageBatch', 'SendMessageBatch', 'SendMessageBatch']);
    expect(await drain(sqs, queueUrl)).toEqual(jobIds);
  });

  it('when jobs are enqueued further apart than the window, then each goes in a batch of its own', async () => {
    const queue = new SqsJobQueue(sqs, queueUrl, 1);
    await queue.enqueue({ jobId: 'first' });
    await queue.enqueue({ jobId: 'second' });
    expect(sends()).toHaveLength(2);
    expect(await drain(sqs, queueUrl)).toEqual(['first', 'second']);
  });

  it('when jobs arrive while a partial batch is out, then they wait for its answer and leave together in one call', async () => {
    const { slow, release } = clientHoldingItsFirstCall();
    try {
      const queue = new SqsJobQueue(slow, queueUrl, 1);
      const first = queue.enqueue({ jobId: 'first' });
      await sleep(10);
      const later = ids(4, 'later').map((jobId) => queue.enqueue({ jobId }));
      await sleep(10); // their window has closed, but the first call is still out
      expect(sends()).toHaveLength(1);
      release();
      await Promise.all([first, ...later]);
      expect(sends()).toEqual(['SendMessageBatch', 'SendMessageBatch']);
      expect(await drain(sqs, queueUrl)).toEqual(['first', ...ids(4, 'later')]);
    } finally {
      release();
      slow.destroy();
    }
  });

  it('when ten jobs gather while a partial batch is out, then they leave at once as a full batch', async () => {
    const { slow, release } = clientHoldingItsFirstCall();
    try {
      const queue = new SqsJobQueue(slow, queueUrl, 1);
      const first = queue.enqueue({ jobId: 'first' });
      await sleep(10);
      const full = ids(10, 'full').map((jobId) => queue.enqueue({ jobId }));
      await Promise.all(full);
      expect(sends()).toHaveLength(2);
      release();
      await first;
      expect(await drain(sqs, queueUrl)).toEqual(['first', ...ids(10, 'full')]);
    } finally {
      release();
      slow.destroy();
    }
  });

  it('when the queue refuses one entry of a batch, then only that enqueue rejects and the others are sent', async () => {
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { MaximumMessageSize: '1024' } }));
    try {
      const queue = new SqsJobQueue(sqs, queueUrl, 20);
      const outcomes = await Promise.allSettled([
        queue.enqueue({ jobId: 'fits-1' }),
        // Over the queue's 1,024-byte message size: SQS fails this entry alone.
        queue.enqueue({ jobId: 'too-big', requestId: 'r'.repeat(2000) }),
        queue.enqueue({ jobId: 'fits-2' }),
      ]);
      expect(sends()).toEqual(['SendMessageBatch']);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const refusal = (outcomes[1] as PromiseRejectedResult).reason;
      expect(refusal).toBeInstanceOf(MessageNotSentError);
      expect(refusal.code).toBe('InvalidParameterValue');
      expect(await drain(sqs, queueUrl)).toEqual(['fits-1', 'fits-2']);
    } finally {
      await sqs.send(
        new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { MaximumMessageSize: '262144' } }),
      );
    }
  });

  it('when the whole call fails (no such queue), then every enqueue of the batch rejects with what SQS said', async () => {
    const queue = new SqsJobQueue(sqs, `${queueUrl}-missing`, 20);
    const outcomes = await Promise.allSettled(ids(3).map((jobId) => queue.enqueue({ jobId })));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect((outcomes[0] as PromiseRejectedResult).reason).toMatchObject({ code: 'QueueDoesNotExist', status: 400 });
    // A refusal is an answer: it is not tried again.
    expect(sends()).toEqual(['SendMessageBatch']);
    expect(await drain(sqs, queueUrl)).toEqual([]);
  });

  it('when the queue server cannot be reached, then the send is tried maxAttempts times and the enqueue rejects', async () => {
    // Nothing listens on port 9 (discard) of this machine.
    const unreachable = clientOf('http://127.0.0.1:9', 2);
    recordCalls(unreachable);
    try {
      const queue = new SqsJobQueue(unreachable, queueUrl, 1);
      await expect(queue.enqueue({ jobId: 'lost' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(sends()).toEqual(['SendMessageBatch', 'SendMessageBatch']);
    } finally {
      unreachable.destroy();
    }
  });

  it("when the client's retry budget is spent, then a failed send is not tried again and the enqueue rejects with what failed", async () => {
    let refusals = 0;
    // The client's own strategy decides every retry; this one has no budget left, as after a long outage.
    const spent: SQSClientConfig['retryStrategy'] = {
      mode: 'standard',
      acquireInitialRetryToken: async () => ({ getRetryCount: () => 0, getRetryDelay: () => 0 }),
      refreshRetryTokenForRetry: async () => {
        refusals++;
        throw new Error('No retry token available');
      },
      recordSuccess: () => undefined,
    };
    const unreachable = clientOf('http://127.0.0.1:9', 3, spent);
    recordCalls(unreachable);
    try {
      const queue = new SqsJobQueue(unreachable, queueUrl, 1);
      await expect(queue.enqueue({ jobId: 'no-budget' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      expect(sends()).toEqual(['SendMessageBatch']);
      expect(refusals).toBe(1);
    } finally {
      unreachable.destroy();
    }
  });

  it("when a send fails once with 503, then the client's retry strategy grants the retry and the success is paid back to its budget", async () => {
    // A stand-in for SQS that is unavailable for its first call: a fault the queue server has no switch for.
    let answered = 0;
    const flaky = await standInSqs((_request, response) => {
      if (answered++ > 0) return false;
      response.statusCode = 503;
      response.end(JSON.stringify({ __type: 'ServiceUnavailable', message: 'try again' }));
      return true;
    });
    const lender = clientOf(undefined);
    const standard = await lender.config.retryStrategy();
    lender.destroy();
    if (!('acquireInitialRetryToken' in standard)) throw new Error('expected the SDK standard retry strategy');
    const used = { refreshed: 0, succeeded: 0 };
    const counting: SQSClientConfig['retryStrategy'] = {
      mode: 'standard',
      acquireInitialRetryToken: (scope) => standard.acquireInitialRetryToken(scope),
      refreshRetryTokenForRetry: (token, errorInfo) => (
        used.refreshed++,
        standard.refreshRetryTokenForRetry(token, errorInfo)
      ),
      recordSuccess: (token) => (used.succeeded++, standard.recordSuccess(token)),
    };
    const client = clientOf(flaky.endpoint, 3, counting);
    try {
      await new SqsJobQueue(client, `${flaky.endpoint}/000000000000/flaky`, 1).enqueue({ jobId: 'flaky' });
      expect(answered).toBe(2);
      expect(used).toEqual({ refreshed: 1, succeeded: 1 });
    } finally {
      client.destroy();
      flaky.close();
    }
  });

  it('when the client has no endpoint of its own, then the batch goes to the queue URL’s host, as the SDK sends it', async () => {
    const plain = clientOf(undefined);
    try {
      await new SqsJobQueue(plain, queueUrl, 1).enqueue({ jobId: 'by-queue-url' });
      expect(await drain(sqs, queueUrl)).toEqual(['by-queue-url']);
    } finally {
      plain.destroy();
    }
  });
});
