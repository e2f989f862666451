import { randomUUID } from 'node:crypto';
import { RESULTS_PREFIX } from '@app/infrastructure';
import { ObjectStorage } from '@app/storage';
import { ImageResult } from '../../domain/job';

/** A DynamoDB item holds at most 400 KB; JSON size is a close estimate of its stored size, so keep a margin. */
export const INLINE_ITEM_LIMIT_BYTES = 350 * 1024;
const MAX_RESULTS_BYTES = 256 * 1024 * 1024;

/** Whether the item, with these results added, stays under the limit. */
export function fitsInline(item: object, results: ImageResult[]): boolean {
  return (
    Buffer.byteLength(JSON.stringify(item)) + Buffer.byteLength(JSON.stringify(results)) <= INLINE_ITEM_LIMIT_BYTES
  );
}

/**
 * Results too large for an item, kept as `results/<jobId>/<writeId>.json`. Each write gets its own key and the
 * item points at the one whose conditional update won: two workers racing on a job can both write, but only the
 * winner's file is ever referenced, so a loser can never overwrite the recorded result.
 */
export class OffloadedResults {
  constructor(private readonly storage: ObjectStorage) {}

  async save(jobId: string, results: ImageResult[]): Promise<string> {
    const key = `${RESULTS_PREFIX}${jobId}/${randomUUID()}.json`;
    await this.storage.write(key, JSON.stringify(results), { contentType: 'application/json' });
    return key;
  }

  async load(key: string): Promise<ImageResult[]> {
    return JSON.parse((await this.storage.read(key, { maxBytes: MAX_RESULTS_BYTES })).toString('utf8'));
  }
}
