import { AppError } from '@app/core';

/** Where a listing stopped: the last item's sort key (createdAt) and table key (jobId), the same in both stores. */
export interface PagePosition {
  createdAt: string;
  jobId: string;
}

/** Cursors are opaque to clients: base64url JSON of the last item's position. One format for SQLite and DynamoDB. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.jobId])).toString('base64url');
}

/** Refuses, as a validation error on `cursor`, anything encodeCursor did not make. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && typeof jobId === 'string') return { createdAt, jobId };
  } catch {
    // fall through to the validation error
  }
  throw AppError.validation([{ field: 'cursor', rule: 'cursor', message: 'cursor is not one this API returned' }]);
}
