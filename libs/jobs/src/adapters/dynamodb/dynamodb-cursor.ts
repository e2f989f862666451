import { AppError } from '@app/core';

/** A position in the tenant-user index: the index key plus the table key, exactly what ExclusiveStartKey takes. */
export interface IndexPosition {
  jobId: string;
  tenantUser: string;
  createdAt: string;
}

/** Opaque to clients: base64url JSON of the last item's keys. */
export function encodeIndexCursor(position: IndexPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.jobId])).toString('base64url');
}

/**
 * The cursor carries no partition: the listing it continues is always the caller's own tenant and user, so a
 * cursor issued to another tenant only names a position, never a way into that tenant's jobs.
 */
export function decodeIndexCursor(cursor: string, tenantUser: string): IndexPosition {
  try {
    const [createdAt, jobId] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (typeof createdAt === 'string' && typeof jobId === 'string') return { createdAt, jobId, tenantUser };
  } catch {
    // fall through to the validation error
  }
  throw AppError.validation([{ field: 'cursor', rule: 'cursor', message: 'cursor is not one this API returned' }]);
}
