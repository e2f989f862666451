import { readFileSync, statSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { RunningServer } from './servers';

export interface MillionResult {
  messages: number;
  loadSeconds: number;
  rssMiB: { at: number; mib: number }[];
  receiveDeleteMs: number;
  attributesMs: number;
  dbMiB: number;
}

const rssMiB = (pid: number): number => {
  const line =
    readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:')) ?? '0';
  return Math.round(Number(line.replace(/\D+/g, '')) / 1024);
};

/**
 * Fills one queue with a million messages and samples the server's resident memory on the way. The load uses raw
 * JSON-protocol requests (not the SDK) only so that filling takes a minute instead of ten.
 */
export async function measureMillion(
  server: RunningServer,
  dataDir: string,
  total = 1_000_000,
): Promise<MillionResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 8 });
  const { host, port } = new URL(server.endpoint);
  const call = (operation: string, body: unknown) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        {
          host: host.split(':')[0],
          port,
          method: 'POST',
          path: '/',
          agent,
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `AmazonSQS.${operation}`,
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('end', () =>
            res.statusCode === 200
              ? resolve(JSON.parse(Buffer.concat(chunks).toString() || '{}'))
              : reject(new Error(Buffer.concat(chunks).toString())),
          );
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const { QueueUrl } = (await call('CreateQueue', { QueueName: `million-${Date.now()}` })) as { QueueUrl: string };
  const samples = [{ at: 0, mib: rssMiB(server.pid) }];
  const started = Date.now();
  let sent = 0;
  let nextSample = total / 10;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (sent < total) {
        sent += 10;
        const Entries = Array.from({ length: 10 }, (_, i) => ({
          Id: `e${i}`,
          MessageBody: `{"job":"${sent + i}","padding":"${'x'.repeat(100)}"}`,
        }));
        await call('SendMessageBatch', { QueueUrl, Entries });
        if (sent >= nextSample) {
          samples.push({ at: sent, mib: rssMiB(server.pid) });
          nextSample += total / 10;
        }
      }
    }),
  );
  const loadSeconds = (Date.now() - started) / 1000;
  let t = Date.now();
  const { Messages = [] } = (await call('ReceiveMessage', { QueueUrl, MaxNumberOfMessages: 10 })) as {
    Messages?: { ReceiptHandle: string }[];
  };
  await call('DeleteMessageBatch', {
    QueueUrl,
    Entries: Messages.map((m, i) => ({ Id: `d${i}`, ReceiptHandle: m.ReceiptHandle })),
  });
  const receiveDeleteMs = Date.now() - t;
  t = Date.now();
  await call('GetQueueAttributes', { QueueUrl, AttributeNames: ['All'] });
  const attributesMs = Date.now() - t;
  samples.push({ at: total, mib: rssMiB(server.pid) });
  agent.destroy();
  const dbBytes = ['queue.sqlite', 'queue.sqlite-wal'].reduce((sum, file) => {
    try {
      return sum + statSync(`${dataDir}/${file}`).size;
    } catch {
      return sum;
    }
  }, 0);
  return {
    messages: total,
    loadSeconds,
    rssMiB: samples,
    receiveDeleteMs,
    attributesMs,
    dbMiB: Math.round(dbBytes / 1048576),
  };
}
