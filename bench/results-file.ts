import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces the `## <title>` section of bench/RESULTS.md (or appends it), keeping every other section as it was:
 * each benchmark owns its own section of the one results file.
 */
export function writeResultsSection(path: string, title: string, body: string): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmark results\n';
  const section = `## ${title}\n\n${body.trim()}\n`;
  // The title is text, not a pattern: "Quality (coco128)" holds regex groups.
  const escaped = title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const start = current.search(new RegExp(`^## ${escaped}\\s*$`, 'm'));
  if (start < 0) {
    writeFileSync(path, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const rest = current.slice(start + 1);
  const next = rest.search(/^## /m);
  const end = next < 0 ? current.length : start + 1 + next;
  writeFileSync(path, `${current.slice(0, start)}${section}${next < 0 ? '' : `\n${current.slice(end)}`}`);
}
