import type { FastifyInstance } from 'fastify';

/** One answered HTTP request; `route` is the route's pattern (/jobs/:jobId), never the raw URL. */
export interface RequestRecord {
  method: string;
  route: string;
  status: number;
  seconds: number;
}

/** Where request figures go: Prometheus series (a server) or CloudWatch EMF log lines (Lambda). */
export interface RequestMetricsSink {
  record(request: RequestRecord): void;
}

/** A request no route matched (404s of scanners, typos): one label, not one series per URL tried. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * A Fastify hook, not a Nest interceptor: it also sees requests refused before any handler runs (401 from the
 * guard, 404, 413 from the body parser, 429 from the throttler).
 */
export function recordRequestMetrics(fastify: FastifyInstance, sink: RequestMetricsSink): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    sink.record({
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: reply.statusCode,
      seconds: reply.elapsedTime / 1000,
    });
    done();
  });
}
