import { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, FieldProblem } from '@app/core';

/** Far deeper than any body the API takes (metadata is a small object), far shallower than what overflows the stack. */
export const MAX_JSON_DEPTH = 32;

export interface JsonShapeLimits {
  maxDepth: number;
  /** Most containers, object members and array elements in the whole body (counted on the raw text). */
  maxNodes: number;
  /** Per-route checks of the parsed body, keyed `METHOD /route`; they run before class-transformer sees it. */
  routes?: Record<string, (body: unknown) => FieldProblem[]>;
}

/**
 * One pass over the raw JSON text, before JSON.parse: nesting depth and a count of containers and commas outside
 * strings (an upper bound on members and elements). It stops at the first limit passed, so a hostile body costs
 * microseconds, not the ~50 ms JSON.parse alone spends on 95,000 keys (and the seconds class-transformer spends after).
 */
export function scanJsonShape(
  text: string,
  limits: Pick<JsonShapeLimits, 'maxDepth' | 'maxNodes'>,
): FieldProblem | null {
  let depth = 0;
  let nodes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // Skip the string, escapes included; a string left open is JSON.parse's error to report.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c /* \ */) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limits.maxDepth) {
        return { field: 'body', rule: 'maxDepth', message: `JSON may nest at most ${limits.maxDepth} levels` };
      }
      nodes++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    } else if (c === 0x2c /* , */) {
      nodes++;
    }
    if (nodes > limits.maxNodes) {
      return {
        field: 'body',
        rule: 'maxNodes',
        message: `JSON may hold at most ${limits.maxNodes} keys and array elements in all`,
      };
    }
  }
  return null;
}

const routeKey = (request: FastifyRequest) => `${request.method} ${request.routeOptions.url}`;

/**
 * Fastify's own JSON parser (same body limit, same errors for empty or malformed JSON, same prototype-poisoning
 * checks), behind a scan of the raw text and followed by the route's own shape checks: class-transformer and
 * class-validator walk bodies recursively and slowly (3 s of CPU for 95,000 metadata keys), so what reaches them
 * is already known to be small and shallow.
 */
export function limitJsonShape(fastify: FastifyInstance, limits: JsonShapeLimits): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const problem = scanJsonShape(body as string, limits);
    if (problem) return done(AppError.validation([problem]), undefined);
    parseJson(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      const problems = limits.routes?.[routeKey(request)]?.(value) ?? [];
      if (problems.length > 0) return done(AppError.validation(problems), undefined);
      done(null, value);
    });
  });
}
