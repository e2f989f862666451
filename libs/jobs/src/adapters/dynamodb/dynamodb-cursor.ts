import { AppError } from '@app/core';

/** A position in the userId index: the index key plus the table key, exactly what ExclusiveStartKey takes. */
export interface IndexPosition {
  jobId: string;
  userId: string;
  createdAt: string;
}

/** Opaque to clients: base64url JSON of the last item's keys. */
export function encodeIndexCursor(position: IndexPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.jobId])).toString('base64url');
}

/** The cursor only ever continues the listing of the user it was issued for. */
export function decodeIndexCursor(cursor: string, userId: string): IndexPosition {
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && typeof jobId === 'string') return { createdAt, jobId, userId };
  } catch {
    // fall through to the validation error
  }
  throw AppError.validation([{ field: 'cursor', rule: 'cursor', message: 'cursor is not one this API returned' }]);
}
