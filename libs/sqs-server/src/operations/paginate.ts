import { invalidParameterValue } from '../errors/errors';

/** Name-ordered pages; the token is the last name returned, so pages stay stable while queues come and go. */
export function paginate(names: string[], maxResults: number | undefined, nextToken: string | undefined) {
  let start = 0;
  if (nextToken) {
    const after = Buffer.from(nextToken, 'base64url').toString('utf8');
    if (!after) throw invalidParameterValue('Invalid NextToken value.');
    start = names.findIndex((name) => name > after);
    if (start < 0) start = names.length;
  }
  const size = maxResults ?? 1000;
  const items = names.slice(start, start + size);
  const more = maxResults !== undefined && start + size < names.length;
  return { items, nextToken: more ? Buffer.from(items[items.length - 1], 'utf8').toString('base64url') : undefined };
}
