import { invalidParameterValue } from '../errors/errors';

const MAX_TAGS = 50;

/** SQS's tag rules: at most 50 per queue, keys of 1-128 characters not starting with `aws:`, values up to 256. */
export function checkTags(tags: Record<string, string>): void {
  const count = Object.keys(tags).length;
  if (count > MAX_TAGS)
    throw invalidParameterValue(`Too many tags added for queue. Maximum is ${MAX_TAGS}, the request makes ${count}.`);
  for (const [key, value] of Object.entries(tags)) {
    if (key.length < 1 || key.length > 128)
      throw invalidParameterValue(`Tag key must be between 1 and 128 characters long: '${key.slice(0, 128)}'.`);
    if (/^aws:/i.test(key)) throw invalidParameterValue(`Tag key must not start with 'aws:' (reserved): '${key}'.`);
    if (value.length > 256)
      throw invalidParameterValue(`Tag value of key '${key}' must be at most 256 characters long.`);
  }
}
