import { invalidAttributeName } from '../errors/errors';
import type { MessageStore } from '../messages/message-store';
import type { Queue } from './queue';
import { READ_ONLY_ATTRIBUTES, SETTABLE_ATTRIBUTES } from './queue-attribute-rules';

const KNOWN = new Set(['All', ...Object.keys(SETTABLE_ATTRIBUTES), ...READ_ONLY_ATTRIBUTES]);

/** The attributes GetQueueAttributes answers for `names`; unknown names are an error, as in SQS. */
export function renderQueueAttributes(queue: Queue, names: string[], messages: MessageStore): Record<string, string> {
  for (const name of names) if (!KNOWN.has(name)) throw invalidAttributeName(name);
  const all = names.includes('All');
  const wanted = (name: string) => all || names.includes(name);
  const out: Record<string, string> = {};
  const values: Record<string, string> = { ...fifoDefaults(queue), ...queue.attributes, QueueArn: queue.arn };
  values.CreatedTimestamp = String(Math.floor(queue.createdAt / 1000));
  values.LastModifiedTimestamp = String(Math.floor(queue.modifiedAt / 1000));
  if (
    ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'].some(
      wanted,
    )
  ) {
    const counts = messages.counts(queue.id, Date.now());
    values.ApproximateNumberOfMessages = String(counts.visible);
    values.ApproximateNumberOfMessagesNotVisible = String(counts.inflight);
    values.ApproximateNumberOfMessagesDelayed = String(counts.delayed);
  }
  for (const [name, value] of Object.entries(values)) if (wanted(name) && value !== '') out[name] = value;
  return out;
}

function fifoDefaults(queue: Queue): Record<string, string> {
  if (!queue.fifo) return {};
  return {
    FifoQueue: 'true',
    ContentBasedDeduplication: 'false',
    DeduplicationScope: 'queue',
    FifoThroughputLimit: 'perQueue',
  };
}
