import pLimit from 'p-limit';

/**
 * Like Promise.all over items.map(fn), with at most `limit` calls in flight (p-limit): bounds memory for large jobs.
 * After a failure no further item is started, and the error is thrown only once the calls still running have
 * settled, so nothing of this call keeps working (reading, detecting) behind the caller's back.
 */
export async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const run = pLimit(limit);
  let failure: { error: unknown } | undefined;
  const calls = items.map((item, index) =>
    run(async () => {
      if (failure) return undefined; // p-limit cannot drop queued calls and settle them; they end here unstarted
      try {
        return await fn(item, index);
      } catch (error) {
        failure ??= { error };
        return undefined;
      }
    }),
  );
  const results = await Promise.all(calls);
  if (failure) throw failure.error;
  return results as R[];
}
