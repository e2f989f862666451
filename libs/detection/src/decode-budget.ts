import { Semaphore } from 'async-mutex';
import { describeHeader, type ImageHeader, mebibytes } from './image-header';
import { ImageDecodeError } from './image-decode.error';

const MiB = 2 ** 20;

/**
 * The memory all decodes of one detector (one per worker process) may hold at once: a semaphore weighted by each
 * image's decode cost. An image that alone needs more than the whole budget is refused before any pixel is decoded.
 * Weights count whole MiB (a cost rounds up): async-mutex walks every unit of free weight on each release.
 */
export class DecodeBudget {
  private readonly semaphore: Semaphore;
  private readonly totalMiB: number;

  constructor(readonly totalBytes: number) {
    this.totalMiB = Math.max(1, Math.floor(totalBytes / MiB));
    this.semaphore = new Semaphore(this.totalMiB);
  }

  /** Bytes not held by a decode right now. */
  get availableBytes(): number {
    return this.semaphore.getValue() * MiB;
  }

  /** Runs decode() once the image's cost fits in what is left; waits for other decodes to finish first. */
  async run<T>(header: ImageHeader, decode: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (header.decodeBytes > this.totalBytes) {
      throw new ImageDecodeError(
        `image needs ${mebibytes(header.decodeBytes)} to decode (${describeHeader(header)}), over the decode budget of ${mebibytes(this.totalBytes)}`,
      );
    }
    signal?.throwIfAborted();
    const weight = Math.min(this.totalMiB, Math.max(1, Math.ceil(header.decodeBytes / MiB)));
    const acquired = this.semaphore.acquire(weight);
    try {
      await untilAborted(acquired, signal);
    } catch (error) {
      void acquired.then(([, release]) => release()); // given up while waiting: hand the share straight back
      throw error;
    }
    try {
      return await decode();
    } finally {
      this.semaphore.release(weight);
    }
  }
}

function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
