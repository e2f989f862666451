import { FieldProblem } from '@app/core';

/** A callback URL longer than this is refused (it is stored with the job and logged by host only). */
export const CALLBACK_URL_MAX_LENGTH = 2048;

/**
 * What is wrong with a callbackUrl, or null: it must be an absolute http(s) URL (https only in AWS mode), at most
 * 2048 characters, without user:password (a secret in a URL ends up in logs and stores). Where it resolves to is
 * checked at each delivery, not here: DNS can change between the two.
 */
export function callbackUrlProblem(value: string, options: { httpsOnly: boolean }): FieldProblem | null {
  const field = 'callbackUrl';
  const problem = (rule: string, message: string) => ({ field, rule, message });
  if (value.length > CALLBACK_URL_MAX_LENGTH)
    return problem('maxLength', `callbackUrl must be at most ${CALLBACK_URL_MAX_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return problem('url', `callbackUrl must be an absolute http(s) URL, got "${value.slice(0, 100)}"`);
  }
  const schemes = options.httpsOnly ? ['https:'] : ['http:', 'https:'];
  if (!schemes.includes(url.protocol))
    return problem(
      'scheme',
      options.httpsOnly
        ? 'callbackUrl must be an https:// URL'
        : `callbackUrl must be an http:// or https:// URL, got ${url.protocol}//`,
    );
  if (!url.hostname) return problem('url', 'callbackUrl must name a host');
  if (url.username || url.password)
    return problem('noCredentials', 'callbackUrl must not contain a user name or password');
  return null;
}
