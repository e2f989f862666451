import { invalidAttributeName, invalidAttributeValue } from '../errors/errors';
import { ownValue } from '../input/own-property';
import type { QueueRegistry } from './queue-registry';
import { SETTABLE_ATTRIBUTES } from './queue-attribute-rules';
import { queueArn, type QueueScope } from './queue-scope';
import { parseRedrivePolicy } from './redrive-policy';

/** Validates attributes a client wants to set on a queue named `name`. */
export function checkQueueAttributes(
  scope: QueueScope,
  name: string,
  attributes: Record<string, string>,
  queues: QueueRegistry,
): void {
  const fifo = name.endsWith('.fifo');
  for (const [key, value] of Object.entries(attributes)) {
    const check = ownValue(SETTABLE_ATTRIBUTES, key);
    if (!check) throw invalidAttributeName(key);
    check(value, key);
  }
  if ((attributes.FifoQueue === 'true') !== fifo && (attributes.FifoQueue !== undefined || fifo)) {
    throw invalidAttributeValue(
      'Invalid value for the parameter FifoQueue. Reason: a FIFO queue name must end with .fifo and set FifoQueue to true.',
    );
  }
  const fifoOnly = ['ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit'];
  if (!fifo && fifoOnly.some((key) => attributes[key] !== undefined && attributes[key] !== 'false')) {
    throw invalidAttributeName(fifoOnly.find((key) => attributes[key] !== undefined) as string);
  }
  const redrive = attributes.RedrivePolicy ? parseRedrivePolicy(attributes.RedrivePolicy) : undefined;
  if (redrive) {
    const target = queues.getByArn(redrive.deadLetterTargetArn);
    if (!target)
      throw invalidAttributeValue(
        'Value for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.',
      );
    if (target.accountId !== scope.accountId || target.region !== scope.region)
      throw invalidAttributeValue(
        'Value for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be in the same account and region as the source.',
      );
    if (target.fifo !== fifo)
      throw invalidAttributeValue(
        'Value for parameter RedrivePolicy is invalid. Reason: Dead-letter queue must be same type of queue as the source.',
      );
    if (!redriveAllowed(target.attributes.RedriveAllowPolicy, queueArn(scope, name))) {
      throw invalidAttributeValue(
        'Value for parameter RedrivePolicy is invalid. Reason: The dead-letter queue RedriveAllowPolicy does not allow this source queue.',
      );
    }
  }
}

/** The dead-letter queue's RedriveAllowPolicy: allowAll (default), denyAll, or byQueue with sourceQueueArns. */
function redriveAllowed(policy: string | undefined, sourceArn: string): boolean {
  if (!policy) return true;
  const { redrivePermission, sourceQueueArns } = JSON.parse(policy) as {
    redrivePermission?: string;
    sourceQueueArns?: string[];
  };
  if (redrivePermission === 'denyAll') return false;
  if (redrivePermission === 'byQueue') return (sourceQueueArns ?? []).includes(sourceArn);
  return true;
}
