/**
 * Error codes of a call that got no answer at all: the connection was refused, dropped or timed out, or the host
 * could not be reached or resolved. The same list the AWS SDK's standard retry counts as transient (@smithy/core's
 * retry: NODEJS_TIMEOUT_ERROR_CODES and NODEJS_NETWORK_ERROR_CODES). Any answer from the server, even an error, is
 * not one of these.
 */
export const NO_ANSWER_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
