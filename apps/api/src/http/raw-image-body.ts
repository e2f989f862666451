import { FastifyInstance } from 'fastify';

/**
 * Image uploads are not buffered: the route gets the request stream and writes it to storage under a size cap.
 * Only the self-hosted upload route accepts such bodies; elsewhere a stream fails validation like any bad body.
 */
export function acceptRawImageBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(/^image\//, (_request, payload, done) => done(null, payload));
}
