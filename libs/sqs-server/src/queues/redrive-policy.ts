import { invalidAttributeValue } from '../errors/errors';

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

const invalid = (reason: string) =>
  invalidAttributeValue(`Value for parameter RedrivePolicy is invalid. Reason: ${reason}`);

export function parseRedrivePolicy(value: string): RedrivePolicy | undefined {
  if (value === '') return undefined; // an empty policy removes redrive, as in SQS
  let parsed: { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  try {
    parsed = JSON.parse(value);
  } catch {
    throw invalid('Redrive policy is not a valid JSON map.');
  }
  const arn = parsed?.deadLetterTargetArn;
  const max = Number(parsed?.maxReceiveCount);
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) throw invalid('Invalid value for deadLetterTargetArn.');
  if (!Number.isInteger(max) || max < 1 || max > 1000) throw invalid('Invalid value for maxReceiveCount.');
  return { deadLetterTargetArn: arn, maxReceiveCount: max };
}
