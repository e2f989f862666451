/** The queue message for one job. It carries only the id: the job itself, with its images, lives in the store. */
export interface JobMessage {
  jobId: string;
}

export function encodeJobMessage(message: JobMessage): string {
  return JSON.stringify({ jobId: message.jobId });
}

/** Returns null for a body that is not a job message, so a stray message is logged instead of crashing a worker. */
export function decodeJobMessage(body: string | undefined): JobMessage | null {
  try {
    const parsed = JSON.parse(body ?? '');
    return typeof parsed?.jobId === 'string' && parsed.jobId.length > 0 ? { jobId: parsed.jobId } : null;
  } catch {
    return null;
  }
}
