import { FastifyInstance } from 'fastify';
import { AppError } from '@app/core';

/** Far deeper than any body the API takes (metadata is a small object), far shallower than what overflows the stack. */
export const MAX_JSON_DEPTH = 32;

/** How deep arrays and objects nest in a parsed JSON value, counted with a stack of its own (never recursion). */
export function exceedsDepth(value: unknown, maxDepth: number): boolean {
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > maxDepth) return true;
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return false;
}

/**
 * Fastify's own JSON parser (same body limit, same errors for empty or malformed JSON, same prototype-poisoning
 * checks), then a depth check: class-validator and class-transformer walk bodies recursively, so a small but
 * deeply nested body would overflow the stack there and answer 500.
 */
export function limitJsonDepth(fastify: FastifyInstance): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      if (exceedsDepth(value, MAX_JSON_DEPTH)) {
        return done(
          AppError.validation([
            { field: 'body', rule: 'maxDepth', message: `JSON may nest at most ${MAX_JSON_DEPTH} levels` },
          ]),
          undefined,
        );
      }
      done(null, value);
    });
  });
}
