import { existsSync, readFileSync } from 'node:fs';

export const QUALITY_SECTION = 'Quality (coco128)';

export const COLUMNS = [
  'model',
  'version',
  'settings',
  'mAP@[.5:.95]',
  'mAP@0.5',
  'AR@100',
  'mAP small',
  'AR small',
  'detections',
  'images/s',
] as const;

export type Row = Record<(typeof COLUMNS)[number], string>;

const rowKey = (row: Pick<Row, 'model' | 'settings'>) => `${row.model}\u0000${row.settings}`;

/** The rows of the section's table as last written, so that one run replaces its own rows and keeps the others. */
export function readRows(path: string): Row[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const start = text.indexOf(`## ${QUALITY_SECTION}\n`);
  if (start < 0) return [];
  const rest = text.slice(start + 1);
  const next = rest.search(/^## /m);
  const section = next < 0 ? rest : rest.slice(0, next);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| model |'))
    .map((line) => line.slice(2, -2).split(' | '))
    .filter((cells) => cells.length === COLUMNS.length)
    .map((cells) => Object.fromEntries(COLUMNS.map((c, i) => [c, cells[i]])) as Row);
}

/** Earlier rows with this run's rows replacing those of the same model and settings; shipped defaults first. */
export function mergeRows(earlier: Row[], fresh: Row[]): Row[] {
  const byKey = new Map(earlier.map((row) => [rowKey(row), row]));
  for (const row of fresh) byKey.set(rowKey(row), row);
  return [...byKey.values()].sort(
    (a, b) =>
      Number(b.settings === 'defaults') - Number(a.settings === 'defaults') ||
      a.model.localeCompare(b.model) ||
      a.settings.localeCompare(b.settings),
  );
}

export function markdownTable(rows: Row[]): string {
  const lines = [
    `| ${COLUMNS.join(' | ')} |`,
    `|${COLUMNS.map((c, i) => (i < 3 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${COLUMNS.map((c) => row[c]).join(' | ')} |`),
  ];
  return lines.join('\n');
}
