let last = 0n;

/** FIFO sequence numbers: 20 digits, strictly increasing even across restarts (they start from the clock). */
export function nextSequenceNumber(now: number): string {
  const fromClock = BigInt(now) * 1_000_000n;
  last = fromClock > last ? fromClock : last + 1n;
  return last.toString().padStart(20, '0');
}
