import type { components } from './generated/api-schema';

export type ErrorBody = components['schemas']['ErrorResponse'];

/** An answer other than 2xx, with the API's error body (field problems included) when it sent one. */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Partial<ErrorBody> | undefined,
    what: string,
  ) {
    super(`${what} failed: ${status} ${body?.message ?? body?.error ?? ''}`.trim());
    this.name = 'ApiRequestError';
  }
}

/** The data of an openapi-fetch answer, or an ApiRequestError naming the request. */
export function dataOf<T>(what: string, answer: { data?: T; error?: unknown; response: Response }): T {
  if (answer.data !== undefined && answer.response.ok) return answer.data;
  throw new ApiRequestError(answer.response.status, answer.error as Partial<ErrorBody> | undefined, what);
}
