/** What bench:detection and bench:tiling share: the images they detect, the load they keep, the table they print. */
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';

/** Images kept in flight at once, as the worker keeps them. */
export const IN_FLIGHT = 4;

export type Detect = (image: Buffer) => Promise<unknown>;

/** 12 MP JPEGs (4000 x 3000, quality 90) made from the given images: a phone photo's size, nothing downloaded. */
export function largeJpegs(images: Buffer[]): Promise<Buffer[]> {
  return Promise.all(
    images.map((image) => sharp(image).resize(4000, 3000, { fit: 'fill' }).jpeg({ quality: 90 }).toBuffer()),
  );
}

/** images/s of `detect` over `count` images of the set, IN_FLIGHT at a time. */
export async function throughput(detect: Detect, set: Buffer[], count: number): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < count) await detect(set[next++ % set.length]);
    }),
  );
  return (count / (performance.now() - start)) * 1000;
}

/** A markdown table of the rows; the first `textColumns` columns are left-aligned, the rest right-aligned. */
export function markdownTable(rows: Record<string, string | number>[], textColumns = 0): string[] {
  const columns = Object.keys(rows[0]);
  return [
    `| ${columns.join(' | ')} |`,
    `|${columns.map((_, i) => (i < textColumns ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${columns.map((c) => row[c]).join(' | ')} |`),
  ];
}
