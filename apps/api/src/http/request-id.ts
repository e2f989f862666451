import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What a caller's id may look like: short and printable, so it can go into log lines and headers as it is. */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id (Fastify's genReqId): the caller's `X-Request-Id` when it is a sane one, so one trace spans the
 * client and us, else a fresh UUID. Fastify keeps it as `request.id` and shares it with pino-http, so it is in
 * every log line of the request; the submit route puts it in the job message for the worker's lines.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && ACCEPTED_ID.test(given) ? given : randomUUID();
}

/** Every answer, errors included, says which request it was. */
export function answerRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header('X-Request-Id', request.id);
    done();
  });
}
