export const UPLOAD_RETENTION = Symbol('UploadRetention');

/**
 * Storage that forgets old uploads when asked: the files under DATA_DIR, self-hosted. On AWS the bucket's lifecycle
 * rule (deploy/, uploadsRetentionDays) does this instead, so there the token is bound to null.
 */
export interface UploadRetention {
  /** Deletes the objects under uploads/ last written before `before`; returns how many. */
  deleteUploadsBefore(before: Date): Promise<number>;
}
