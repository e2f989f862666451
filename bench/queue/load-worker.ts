/**
 * One benchmark client on its own thread (the SDK's CPU cost would otherwise cap the load at one core):
 * a producer sends its share of messages, a consumer receives and deletes until the shared counter says done.
 */
import {
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadTask {
  role: 'produce' | 'consume';
  queueUrl: string;
  batch: number;
  /** Producer: how many messages to send. */
  count: number;
  /** Consumer: stop when the shared counter reaches this total. */
  total: number;
  /** Consumer: long-poll seconds (0 = stop at the first empty answer, for draining a full queue). */
  waitSeconds: number;
  /** Producer: stay at most this many messages ahead of the consumers (0 = no limit). */
  window: number;
  /** Producer: pause between sends, in ms (0 = as fast as possible). */
  intervalMs: number;
  /** Int32Array view: [0] = messages received by all consumers together, [1] = messages sent by all producers. */
  shared: SharedArrayBuffer;
}

export interface LoadResult {
  role: LoadTask['role'];
  messages: number;
  latencies: number[];
  finishedAt: number;
  errors: number;
}

const PADDING = 'x'.repeat(160);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Atomics.waitAsync is in Node 20 but only in TypeScript's ES2024 lib (the project targets ES2023).
const waitAsync = (
  Atomics as unknown as {
    waitAsync(array: Int32Array, index: number, value: number, timeoutMs: number): { value: Promise<string> | string };
  }
).waitAsync;

/** Sleeps (without spinning) until the consumers' counter moves past `seen`. */
async function receivedChanged(counters: Int32Array, seen: number): Promise<void> {
  await waitAsync(counters, 0, seen, 1000).value;
}

async function produce(sqs: SQSClient, task: LoadTask): Promise<LoadResult> {
  const counters = new Int32Array(task.shared);
  let errors = 0;
  for (let sent = 0; sent < task.count; sent += task.batch) {
    const size = Math.min(task.batch, task.count - sent);
    // A bounded backlog: latency then measures the queue, not how far producers outran consumers.
    for (
      let seen = Atomics.load(counters, 0);
      task.window > 0 && Atomics.load(counters, 1) - seen >= task.window;
      seen = Atomics.load(counters, 0)
    ) {
      await receivedChanged(counters, seen);
    }
    if (task.intervalMs > 0) await sleep(task.intervalMs);
    Atomics.add(counters, 1, size);
    const body = () => JSON.stringify({ sentAt: Date.now(), padding: PADDING });
    try {
      if (task.batch === 1) await sqs.send(new SendMessageCommand({ QueueUrl: task.queueUrl, MessageBody: body() }));
      else {
        const entries = Array.from({ length: size }, (_, i) => ({ Id: `m${i}`, MessageBody: body() }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl: task.queueUrl, Entries: entries }));
      }
    } catch {
      errors++;
    }
  }
  return { role: 'produce', messages: task.count, latencies: [], finishedAt: Date.now(), errors };
}

async function consume(sqs: SQSClient, task: LoadTask): Promise<LoadResult> {
  const received = new Int32Array(task.shared);
  const latencies: number[] = [];
  let messages = 0;
  let errors = 0;
  let finishedAt = Date.now();
  while (Atomics.load(received, 0) < task.total) {
    try {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: task.queueUrl,
          MaxNumberOfMessages: task.batch,
          WaitTimeSeconds: task.waitSeconds,
        }),
      );
      const now = Date.now();
      if (Messages.length === 0 && task.waitSeconds === 0) break;
      for (const message of Messages) latencies.push(now - JSON.parse(message.Body as string).sentAt);
      if (task.batch === 1 && Messages.length === 1) {
        await sqs.send(new DeleteMessageCommand({ QueueUrl: task.queueUrl, ReceiptHandle: Messages[0].ReceiptHandle }));
      } else if (Messages.length > 0) {
        const entries = Messages.map((message, i) => ({ Id: `d${i}`, ReceiptHandle: message.ReceiptHandle }));
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: task.queueUrl, Entries: entries }));
      }
      if (Messages.length > 0) {
        messages += Messages.length;
        Atomics.add(received, 0, Messages.length);
        Atomics.notify(received, 0);
        finishedAt = Date.now();
      }
    } catch {
      errors++;
    }
  }
  return { role: 'consume', messages, latencies, finishedAt, errors };
}

/** A long-lived client thread: one SQSClient, tasks in order, so its JIT and connections stay warm between runs. */
function main(): void {
  const { endpoint } = workerData as { endpoint: string };
  const sqs = new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  parentPort?.on('message', async (task: LoadTask | 'stop') => {
    if (task === 'stop') {
      sqs.destroy();
      parentPort?.close();
      return;
    }
    const result = task.role === 'produce' ? await produce(sqs, task) : await consume(sqs, task);
    parentPort?.postMessage(result);
  });
  parentPort?.postMessage('ready');
}

process.removeAllListeners('warning'); // the SDK's Node 20 notice would be printed once per thread
main();
