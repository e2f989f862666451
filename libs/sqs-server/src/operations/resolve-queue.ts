import { queueDoesNotExist, missingParameter } from '../errors/errors';
import type { Input } from '../input/read-input';
import type { Queue } from '../queues/queue';
import type { QueueScope } from '../queues/queue-scope';
import type { RequestInfo, SqsContext } from './sqs-context';

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * What a queue URL (or the path a Query request was posted to) names: `[/<region>]/<account>/<name>`. The region
 * segment is there only for queues outside the server's own region, so the default URLs stay
 * `http://host:port/<account>/<name>`; a base URL with a path prefix (behind a proxy) is skipped over.
 */
export function queueFromUrl(ctx: SqsContext, request: RequestInfo, url: string): QueueScope & { name: string } {
  let path = url;
  if (/^[a-z]+:\/\//i.test(url)) {
    try {
      path = new URL(url).pathname;
    } catch {
      return { ...request.caller, name: '' };
    }
  }
  const segments = path.split('/').filter(Boolean);
  const name = safeDecode(segments.pop() ?? '');
  const account = segments.pop();
  if (account === undefined || !ACCOUNT.test(account)) return { ...request.caller, name };
  const region = segments.pop();
  return { accountId: account, region: region && REGION.test(region) ? region : ctx.region, name };
}

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Finds the queue named by `QueueUrl`, or failing that by the path the request was posted to (Query style). */
export function resolveQueue(ctx: SqsContext, input: Input, request: RequestInfo): Queue {
  const url = input.QueueUrl;
  if (url !== undefined && typeof url !== 'string') throw missingParameter('QueueUrl');
  const named = queueFromUrl(ctx, request, url || request.path);
  if (!named.name) throw missingParameter('QueueUrl');
  const queue = ctx.queues.get(named, named.name);
  if (!queue) throw queueDoesNotExist();
  return queue;
}

/** A queue's URL, always from the configured base URL (never from the request's Host header). */
export function queueUrl(ctx: SqsContext, queue: QueueScope & { name: string }): string {
  const region = queue.region === ctx.region ? '' : `/${queue.region}`;
  return `${ctx.baseUrl}${region}/${queue.accountId}/${encodeURIComponent(queue.name)}`;
}
