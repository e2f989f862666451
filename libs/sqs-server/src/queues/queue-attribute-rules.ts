import { invalidAttributeValue } from '../errors/errors';
import { parseRedrivePolicy } from './redrive-policy';

type Check = (value: string, name: string) => void;

const integerBetween =
  (min: number, max: number): Check =>
  (value, name) => {
    const n = Number(value);
    if (!/^-?\d+$/.test(value) || n < min || n > max) {
      throw invalidAttributeValue(
        `Invalid value for the parameter ${name}. Reason: must be an integer from ${min} to ${max}.`,
      );
    }
  };
const boolean: Check = (value, name) => {
  if (value !== 'true' && value !== 'false')
    throw invalidAttributeValue(`Invalid value for the parameter ${name}. Reason: must be true or false.`);
};
const oneOf =
  (...allowed: string[]): Check =>
  (value, name) => {
    if (!allowed.includes(value))
      throw invalidAttributeValue(
        `Invalid value for the parameter ${name}. Reason: must be one of ${allowed.join(', ')}.`,
      );
  };
// An empty value removes a JSON attribute (Policy, RedriveAllowPolicy), as in SQS.
const json: Check = (value, name) => {
  if (value === '') return;
  try {
    JSON.parse(value);
  } catch {
    throw invalidAttributeValue(`Invalid value for the parameter ${name}. Reason: must be JSON.`);
  }
};
const anything: Check = () => undefined;

/** Attributes a client may set, with SQS's limits. Defaults are applied only to the numeric core ones, as SQS does. */
export const SETTABLE_ATTRIBUTES: Record<string, Check> = {
  DelaySeconds: integerBetween(0, 900),
  MaximumMessageSize: integerBetween(1024, 1048576),
  MessageRetentionPeriod: integerBetween(60, 1209600),
  ReceiveMessageWaitTimeSeconds: integerBetween(0, 20),
  VisibilityTimeout: integerBetween(0, 43200),
  RedrivePolicy: (value) => void parseRedrivePolicy(value),
  RedriveAllowPolicy: json,
  Policy: json,
  FifoQueue: boolean,
  ContentBasedDeduplication: boolean,
  DeduplicationScope: oneOf('messageGroup', 'queue'),
  FifoThroughputLimit: oneOf('perQueue', 'perMessageGroupId'),
  KmsMasterKeyId: anything,
  KmsDataKeyReusePeriodSeconds: integerBetween(60, 86400),
  SqsManagedSseEnabled: boolean,
};

export const DEFAULT_ATTRIBUTES: Record<string, string> = {
  DelaySeconds: '0',
  MaximumMessageSize: '1048576',
  MessageRetentionPeriod: '345600',
  ReceiveMessageWaitTimeSeconds: '0',
  VisibilityTimeout: '30',
  SqsManagedSseEnabled: 'true',
};

/** Attributes computed on read; asking for them is fine, setting them is not. */
export const READ_ONLY_ATTRIBUTES = [
  'QueueArn',
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
];
