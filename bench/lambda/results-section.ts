import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces the "## Lambda" section of bench/RESULTS.md (or appends it), keeping every other section as it was. */
export function writeLambdaSection(path: string, body: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const section = `## Lambda\n\n${body.trim()}\n`;
  const start = current.search(/^## Lambda\s*$/m);
  if (start < 0) {
    writeFileSync(path, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const rest = current.slice(start + 1);
  const next = rest.search(/^## /m);
  const end = next < 0 ? current.length : start + 1 + next;
  writeFileSync(path, `${current.slice(0, start)}${section}${next < 0 ? '' : `\n${current.slice(end)}`}`);
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
