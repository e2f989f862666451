/**
 * Queue benchmark: send, receive+delete and end-to-end messages/s with batches of 1 and 10 and 1 and 4 clients,
 * p50/p99 send-to-receive latency, against our server and moto_server in the same run, plus memory with a million
 * queued messages. Clients are @aws-sdk/client-sqs instances, each on its own worker thread.
 * Run: npm run bench:queue   (env BENCH_MESSAGES per cell, default 20000; BENCH_MOTO_MESSAGES, default 300;
 *      --no-moto, --no-million; the table is also written to bench/RESULTS.md, section "## Queue")
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { LoadPool } from './load-pool';
import { measureMillion } from './million';
import { writeResultsSection } from '../results-file';
import { idleTable, millionTable, ratioTable, resultsTable } from './report';
import {
  backlogWindow,
  measureCell,
  measureIdleLatency,
  type Cell,
  type CellResult,
  type IdleLatency,
} from './scenarios';
import { startMoto, startOurs, type RunningServer } from './servers';

const CELLS: Cell[] = [
  { batch: 1, clients: 1 },
  { batch: 1, clients: 4 },
  { batch: 10, clients: 1 },
  { batch: 10, clients: 4 },
];
const ourMessages = Number(process.env.BENCH_MESSAGES ?? 20_000);
const motoMessages = Number(process.env.BENCH_MOTO_MESSAGES ?? 300);
const args = new Set(process.argv.slice(2));

/** Unmeasured traffic first, so the client threads' JIT is warm before the figures start. */
async function warmUp(server: RunningServer, pool: LoadPool, messages: number): Promise<void> {
  for (const cell of CELLS) await measureCell(server, pool, cell, messages);
}

async function measureAll(
  server: RunningServer,
  pool: LoadPool,
  messages: (cell: Cell) => number,
): Promise<CellResult[]> {
  const results: CellResult[] = [];
  for (const cell of CELLS) {
    const result = await measureCell(server, pool, cell, messages(cell));
    console.error(
      `${server.name} batch ${cell.batch} clients ${cell.clients}: e2e ${result.endToEnd.toFixed(0)} msg/s`,
    );
    results.push(result);
  }
  return results;
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const ours = await startOurs();
  // Batches of 1 move a tenth as many messages per request: give them fewer messages to keep runs short.
  let pool = await LoadPool.start(ours.endpoint, 8);
  await warmUp(ours, pool, 400);
  const idle: IdleLatency[] = [await measureIdleLatency(ours, pool)];
  const oursResults = await measureAll(ours, pool, (cell) =>
    cell.batch === 1 ? Math.ceil(ourMessages / 4) : ourMessages,
  );
  await pool.stop();
  const million = args.has('--no-million') ? undefined : await measureMillion(ours, ours.dataDir as string);
  await ours.stop();
  // The same load with an fsync per group commit (durable against power loss), on the busiest row only.
  const fullSync = await startOurs('full');
  pool = await LoadPool.start(fullSync.endpoint, 8);
  await warmUp(fullSync, pool, 400);
  oursResults.push(await measureCell(fullSync, pool, CELLS[CELLS.length - 1], ourMessages));
  await pool.stop();
  await fullSync.stop();
  let motoResults: CellResult[] = [];
  if (!args.has('--no-moto')) {
    const moto = await startMoto();
    pool = await LoadPool.start(moto.endpoint, 8);
    await warmUp(moto, pool, 20);
    idle.push(await measureIdleLatency(moto, pool, 50));
    motoResults = await measureAll(moto, pool, () => motoMessages);
    await pool.stop();
    await moto.stop();
  }
  const body = [
    `Run ${new Date().toISOString()} on ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version};` +
      ` load average before the run: ${load} (other processes share the machine, so figures vary between runs).`,
    'Client and server on the same machine: each client is an `@aws-sdk/client-sqs` SQSClient on its own worker thread;' +
      ' the server runs as `node dist/apps/queue/src/main.js` in its own process. "clients" = concurrent producers' +
      ' for send, consumers for receive+delete, and that many of each for end-to-end (consumers long-poll 1 s;' +
      ` producers stay at most ${CELLS.map(backlogWindow).join('/')} messages ahead, per row, so latency is not just backlog).` +
      ' Receive asks for `batch` messages; deletes are DeleteMessage (batch 1) or DeleteMessageBatch (batch 10).',
    'Durability: every acknowledged send is committed to SQLite (WAL, synchronous=NORMAL) before the answer; that' +
      ' survives kill -9 of the server (the crash test proves it) but not an OS crash or power cut, which would need' +
      ' `QUEUE_SYNC=full` (an fsync per group commit; measured on the last sqs-server row).',
    '',
    resultsTable([...oursResults, ...motoResults]),
    '',
    motoResults.length > 0
      ? `sqs-server / moto_server (moto runs ${motoMessages} messages per cell, as it is slow):\n\n${ratioTable(
          oursResults.filter((r) => r.server === 'sqs-server'),
          motoResults,
        )}`
      : '',
    '',
    `Latency with a quiet queue (one message every 20 ms, one consumer parked in a long poll):\n\n${idleTable(idle)}`,
    '',
    million ? `### A million queued messages\n\n${millionTable(million)}` : '',
    '',
    'Command: `npm run bench:queue`.',
  ].join('\n');
  console.log(body);
  writeResultsSection(join(__dirname, '../../../bench/RESULTS.md'), 'Queue', body);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
