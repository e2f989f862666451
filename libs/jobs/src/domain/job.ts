import { JobStatus } from './job-status';

export interface Detection {
  label: string;
  confidence: number;
  /** [x1, y1, x2, y2] in pixels of the original, EXIF-oriented image. */
  bbox: [number, number, number, number];
}

export interface ImageResult {
  imageUrl: string;
  imageIndex: number;
  detections: Detection[];
  detectionCount: number;
  /** Why this image could not be processed; the other images of the job are unaffected. */
  error?: string;
}

/** The tenant of every job stored before tenants existed, and of every call to an API that has no keys. */
export const DEFAULT_TENANT_ID = 'default';

/** Who a job belongs to: a tenant (an API key's owner, a Cognito user) and, within it, the user it names. */
export interface JobOwner {
  tenantId: string;
  userId: string;
}

export interface Job {
  jobId: string;
  /** Jobs of one tenant are invisible to every other tenant. */
  tenantId: string;
  status: JobStatus;
  imageUrls: string[];
  imageCount: number;
  userId?: string;
  metadata?: Record<string, unknown>;
  /** ISO-8601 UTC timestamps. */
  createdAt: string;
  updatedAt: string;
  /** How many times a worker has started on this job. */
  attempts: number;
  results?: ImageResult[];
  error?: string;
}

export function newJob(
  input: { jobId: string; tenantId?: string; imageUrls: string[]; userId?: string; metadata?: Record<string, unknown> },
  now: Date,
): Job {
  const at = now.toISOString();
  return {
    ...input,
    tenantId: input.tenantId ?? DEFAULT_TENANT_ID,
    status: JobStatus.PENDING,
    imageCount: input.imageUrls.length,
    createdAt: at,
    updatedAt: at,
    attempts: 0,
  };
}
