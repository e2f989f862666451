/** Where a queue lives: SQS keeps queues per account and per region. */
export interface QueueScope {
  accountId: string;
  region: string;
}

export const queueArn = (scope: QueueScope, name: string): string =>
  `arn:aws:sqs:${scope.region}:${scope.accountId}:${name}`;

/** `arn:aws:sqs:<region>:<account>:<name>` -> its parts; undefined for anything else. */
export function parseQueueArn(arn: string): (QueueScope & { name: string }) | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs') return undefined;
  return { region: parts[3], accountId: parts[4], name: parts[5] };
}
