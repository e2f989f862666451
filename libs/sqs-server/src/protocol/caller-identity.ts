import type { SqsContext } from '../operations/sqs-context';

/** STS GetCallerIdentity: tools that use one global endpoint (AWS_ENDPOINT_URL) ask it who they are. */
export function callerIdentity(ctx: SqsContext): { UserId: string; Account: string; Arn: string } {
  return { UserId: ctx.accountId, Account: ctx.accountId, Arn: `arn:aws:iam::${ctx.accountId}:root` };
}
