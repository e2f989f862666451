export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const rate = (messages: number, ms: number): number => (ms > 0 ? (messages * 1000) / ms : Number.NaN);
