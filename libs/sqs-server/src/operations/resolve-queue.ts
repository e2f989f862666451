import { queueDoesNotExist, missingParameter } from '../errors/errors';
import type { Input } from '../input/read-input';
import type { Queue } from '../queues/queue';
import type { RequestInfo, SqsContext } from './sqs-context';

/** The queue's name from a queue URL or a request path: the last segment of `/<account>/<name>`. */
export function queueNameFromUrl(url: string): string {
  let path = url;
  if (/^[a-z]+:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      return '';
    }
  }
  const segments = path.split('/').filter(Boolean);
  return decodeURIComponent(segments[segments.length - 1] ?? '');
}

/** Finds the queue named by `QueueUrl`, or failing that by the path the request was posted to (Query style). */
export function resolveQueue(ctx: SqsContext, input: Input, request: RequestInfo): Queue {
  const url = input.QueueUrl;
  if (url !== undefined && typeof url !== 'string') throw missingParameter('QueueUrl');
  const name = queueNameFromUrl(url || request.path);
  if (!name) throw missingParameter('QueueUrl');
  const queue = ctx.queues.get(name);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

export function queueUrl(ctx: SqsContext, request: RequestInfo, name: string): string {
  return `${ctx.baseUrl ?? request.baseUrl}/${ctx.accountId}/${name}`;
}
