export const UPLOAD_RETENTION = Symbol('UploadRetention');

/**
 * Self-hosted storage only: forgets old uploads when asked (the worker's retention sweep). On AWS the bucket's
 * lifecycle rule (deploy/, uploadsRetentionDays) does this instead: StorageModule resolves the token to null there.
 */
export interface UploadRetention {
  /** Deletes the objects under uploads/ last written before `before`; returns how many. */
  deleteUploadsBefore(before: Date): Promise<number>;
  /** The same under results/ (annotated images): the bucket's results/ lifecycle rule on AWS. */
  deleteResultsBefore(before: Date): Promise<number>;
}
