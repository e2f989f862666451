import type { MillionResult } from './million';
import type { CellResult, IdleLatency } from './scenarios';

const n = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

export function resultsTable(results: CellResult[]): string {
  const rows = results.map(
    (r) =>
      `| ${r.server} | ${r.batch} | ${r.clients} | ${r.messages} | ${n(r.send)} | ${n(r.receiveDelete)} | ${n(r.endToEnd)} | ${n(r.p50)} | ${n(r.p99)} | ${n(r.serverCpu, 2)} | ${r.errors} |`,
  );
  return [
    '| server | batch | clients | messages | send msg/s | receive+delete msg/s | end-to-end msg/s | p50 ms | p99 ms | server CPU (cores) | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

export function ratioTable(ours: CellResult[], moto: CellResult[]): string {
  const rows = ours.flatMap((o) => {
    const m = moto.find((x) => x.batch === o.batch && x.clients === o.clients);
    return m
      ? [
          `| ${o.batch} | ${o.clients} | ${n(o.send / m.send, 1)}x | ${n(o.receiveDelete / m.receiveDelete, 1)}x | ${n(o.endToEnd / m.endToEnd, 1)}x |`,
        ]
      : [];
  });
  return ['| batch | clients | send | receive+delete | end-to-end |', '|---:|---:|---:|---:|---:|', ...rows].join('\n');
}

export function millionTable(result: MillionResult): string {
  const samples = result.rssMiB.map((s) => `${s.at.toLocaleString('en-US')}: ${s.mib} MiB`).join(', ');
  return [
    `Filled one queue with ${result.messages.toLocaleString('en-US')} messages (~130 bytes each) in ${n(result.loadSeconds, 1)} s` +
      ` (${n(result.messages / result.loadSeconds)} msg/s, raw JSON requests, batches of 10, 8 connections).`,
    `Server resident memory by messages stored: ${samples}.`,
    `With the million queued: ReceiveMessage + DeleteMessageBatch of 10 took ${result.receiveDeleteMs} ms,` +
      ` GetQueueAttributes (counts the queue) ${result.attributesMs} ms; SQLite file + WAL ${result.dbMiB} MiB.`,
  ].join('\n');
}

export function idleTable(results: IdleLatency[]): string {
  const rows = results.map((r) => `| ${r.server} | ${r.messages} | ${n(r.p50)} | ${n(r.p99)} |`);
  return ['| server | messages | p50 ms | p99 ms |', '|---|---:|---:|---:|', ...rows].join('\n');
}
