/**
 * The queue message for one job. It carries the id (the job itself, with its images, lives in the store) and the
 * id of the API request that submitted it, so the worker's log lines for the job can be joined to that request's.
 */
export interface JobMessage {
  jobId: string;
  requestId?: string;
}

export function encodeJobMessage(message: JobMessage): string {
  return JSON.stringify({ jobId: message.jobId, ...(message.requestId && { requestId: message.requestId }) });
}

/** Returns null for a body that is not a job message, so a stray message is logged instead of crashing a worker. */
export function decodeJobMessage(body: string | undefined): JobMessage | null {
  try {
    const parsed = JSON.parse(body ?? '');
    if (typeof parsed?.jobId !== 'string' || parsed.jobId.length === 0) return null;
    // A message of an older API has no request id; a malformed one is dropped rather than failing the job.
    const requestId = typeof parsed.requestId === 'string' && parsed.requestId ? parsed.requestId : undefined;
    return { jobId: parsed.jobId, ...(requestId && { requestId }) };
  } catch {
    return null;
  }
}
