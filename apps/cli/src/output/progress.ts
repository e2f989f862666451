/**
 * Progress on stderr (stdout keeps only the results): a redrawn bar on a terminal, one plain line per change
 * otherwise (logs and CI see each step once, without carriage returns).
 */
export class Progress {
  private last = '';
  private drawn = false;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly width = 28,
  ) {}

  update(fraction: number, label: string): void {
    if (!this.stream.isTTY) {
      if (label !== this.last) this.stream.write(`${label}\n`);
      this.last = label;
      return;
    }
    const filled = Math.round(Math.min(1, Math.max(0, fraction)) * this.width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
    this.stream.write(`\r\x1b[2K${bar} ${label}`);
    this.drawn = true;
  }

  /** Ends the bar's line, so what follows starts on a fresh one. */
  done(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}
