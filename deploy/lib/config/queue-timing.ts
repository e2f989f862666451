import { StackConfig, VISIBILITY_TO_JOB_TIMEOUT_RATIO } from './stack-config';

export interface QueueTiming {
  visibilityTimeoutSeconds: number;
  heartbeatSeconds: number;
}

/**
 * The visibility timeout is 6 x the job timeout (AWS's advice for queue consumers), and the worker's
 * heartbeat renews it three times per period, so two lost heartbeats still do not hand a running job
 * to a second worker.
 */
export function queueTiming(config: StackConfig): QueueTiming {
  const visibilityTimeoutSeconds = config.jobTimeoutSeconds * VISIBILITY_TO_JOB_TIMEOUT_RATIO;
  return { visibilityTimeoutSeconds, heartbeatSeconds: Math.max(1, Math.floor(visibilityTimeoutSeconds / 3)) };
}
