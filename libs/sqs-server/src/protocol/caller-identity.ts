import type { QueueScope } from '../queues/queue-scope';

/** STS GetCallerIdentity: tools that use one global endpoint (AWS_ENDPOINT_URL) ask it who they are. */
export function callerIdentity(caller: QueueScope): { UserId: string; Account: string; Arn: string } {
  return { UserId: caller.accountId, Account: caller.accountId, Arn: `arn:aws:iam::${caller.accountId}:root` };
}
