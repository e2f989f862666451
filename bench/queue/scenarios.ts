import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readFileSync } from 'node:fs';
import type { LoadPool } from './load-pool';
import type { LoadTask } from './load-worker';
import type { RunningServer } from './servers';
import { percentile, rate } from './stats';

export interface Cell {
  batch: 1 | 10;
  clients: 1 | 4;
}

export interface CellResult extends Cell {
  server: string;
  messages: number;
  send: number;
  receiveDelete: number;
  endToEnd: number;
  p50: number;
  p99: number;
  /** Server CPU time over wall time during the end-to-end phase (1.0 = one core busy). */
  serverCpu: number;
  errors: number;
}

type Phase = Omit<LoadTask, 'queueUrl' | 'batch' | 'shared' | 'window' | 'intervalMs'> &
  Partial<Pick<LoadTask, 'window' | 'intervalMs'>>;

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function runThreads(server: RunningServer, pool: LoadPool, queueUrl: string, batch: number, phases: Phase[]) {
  const shared = new SharedArrayBuffer(8);
  const tasks: LoadTask[] = phases.map((phase) => ({ window: 0, intervalMs: 0, ...phase, queueUrl, batch, shared }));
  const cpuBefore = cpuSeconds(server.pid);
  const { results: done, startedAt } = await pool.run(tasks);
  const elapsed = Math.max(...done.map((result) => result.finishedAt)) - startedAt;
  return { done, elapsed, cpu: (cpuSeconds(server.pid) - cpuBefore) / (elapsed / 1000) };
}

const producers = (clients: number, messages: number, window = 0, intervalMs = 0): Phase[] =>
  Array.from({ length: clients }, (_, i) => ({
    role: 'produce' as const,
    count: Math.floor(messages / clients) + (i < messages % clients ? 1 : 0),
    total: messages,
    waitSeconds: 0,
    window,
    intervalMs,
  }));

/** Enough backlog to keep every consumer's next receive full, and no more. */
export const backlogWindow = (cell: Cell): number => Math.max(10, 2 * cell.batch * cell.clients);

const consumers = (clients: number, messages: number, waitSeconds: number): Phase[] =>
  Array.from({ length: clients }, () => ({ role: 'consume' as const, count: 0, total: messages, waitSeconds }));

/** Send, then drain (receive + delete), then both at once, each on its own fresh queue. */
export async function measureCell(
  server: RunningServer,
  pool: LoadPool,
  cell: Cell,
  messages: number,
): Promise<CellResult> {
  const sqs = new SQSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const tag = `b${cell.batch}-c${cell.clients}-${Date.now()}`;
  const create = async (name: string) =>
    (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${tag}` }))).QueueUrl as string;
  const drainQueue = await create('drain');
  const send = await runThreads(server, pool, drainQueue, cell.batch, producers(cell.clients, messages));
  const drain = await runThreads(server, pool, drainQueue, cell.batch, consumers(cell.clients, messages, 0));
  const e2eQueue = await create('e2e');
  const e2e = await runThreads(server, pool, e2eQueue, cell.batch, [
    ...consumers(cell.clients, messages, 1),
    ...producers(cell.clients, messages, backlogWindow(cell)),
  ]);
  sqs.destroy();
  const latencies = e2e.done.flatMap((result) => result.latencies);
  const received = (run: typeof drain) =>
    run.done.reduce((sum, result) => sum + (result.role === 'consume' ? result.messages : 0), 0);
  return {
    ...cell,
    server: server.name,
    messages,
    send: rate(messages, send.elapsed),
    receiveDelete: rate(received(drain), drain.elapsed),
    endToEnd: rate(received(e2e), e2e.elapsed),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    serverCpu: e2e.cpu,
    errors: [send, drain, e2e].flatMap((run) => run.done).reduce((sum, result) => sum + result.errors, 0),
  };
}

export interface IdleLatency {
  server: string;
  messages: number;
  p50: number;
  p99: number;
}

/** One message every 20 ms to one long-polling consumer: the delay a parked receiver sees when a message arrives. */
export async function measureIdleLatency(server: RunningServer, pool: LoadPool, messages = 200): Promise<IdleLatency> {
  const sqs = new SQSClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `idle-${Date.now()}` }))).QueueUrl as string;
  sqs.destroy();
  const run = await runThreads(server, pool, queueUrl, 1, [
    ...consumers(1, messages, 5),
    ...producers(1, messages, 0, 20),
  ]);
  const latencies = run.done.flatMap((result) => result.latencies);
  return { server: server.name, messages, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
