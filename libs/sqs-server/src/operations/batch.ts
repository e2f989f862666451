import {
  batchEntryIdsNotDistinct,
  emptyBatchRequest,
  invalidBatchEntryId,
  tooManyEntriesInBatchRequest,
} from '../errors/errors';
import { SqsError } from '../errors/sqs-error';
import { requiredList, type Input } from '../input/read-input';

export interface BatchFailure {
  Id: string;
  SenderFault: boolean;
  Code: string;
  Message: string;
}

/** Checks the batch-level rules SQS applies before looking at any entry. */
export function readBatchEntries(input: Input): Input[] {
  const entries = requiredList(input, 'Entries');
  if (entries.length === 0) throw emptyBatchRequest();
  if (entries.length > 10) throw tooManyEntriesInBatchRequest(entries.length);
  const seen = new Set<string>();
  for (const entry of entries) {
    const id = entry.Id;
    if (typeof id !== 'string' || !/^[A-Za-z0-9_-]{1,80}$/.test(id)) throw invalidBatchEntryId(String(id));
    if (seen.has(id)) throw batchEntryIdsNotDistinct(id);
    seen.add(id);
  }
  return entries;
}

export function toFailure(id: string, error: unknown): BatchFailure {
  if (error instanceof SqsError)
    return { Id: id, SenderFault: error.fault === 'Sender', Code: error.code, Message: error.message };
  throw error;
}

/**
 * Applies `apply` to every entry: an entry whose SqsError is a client's fault fails alone (in `Failed`), the others
 * succeed with what `apply` returned. Any other error fails the whole request.
 */
export function forEachEntry<T>(
  entries: Input[],
  apply: (entry: Input) => T,
): { Successful: ({ Id: string } & T)[]; Failed: BatchFailure[] } {
  const Successful: ({ Id: string } & T)[] = [];
  const Failed: BatchFailure[] = [];
  for (const entry of entries) {
    const Id = entry.Id as string;
    try {
      Successful.push({ Id, ...apply(entry) });
    } catch (error) {
      Failed.push(toFailure(Id, error));
    }
  }
  return { Successful, Failed };
}
