import { UnsupportedMediaTypeException } from '@nestjs/common';
import { FastifyInstance } from 'fastify';

/** The one route that takes a non-JSON body: the self-hosted stand-in for a presigned S3 PUT. */
const UPLOAD_ROUTE = '/storage/:bucket/*';

/**
 * Image uploads are not buffered: the upload route gets the request stream and writes it to storage under a size
 * cap, after checking the content type against the signed one. Every other route takes JSON only, so any other
 * body is refused with 415 here, before a stream or a string could reach validation (which would fail with a 500).
 */
export function acceptRawImageBodies(fastify: FastifyInstance): void {
  // Fastify parses text/plain into a string by default; no route wants that.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', (request, payload, done) => {
    if (request.routeOptions.url === UPLOAD_ROUTE) return done(null, payload);
    done(
      new UnsupportedMediaTypeException(
        `Unsupported content type "${request.headers['content-type'] ?? ''}"; send application/json`,
      ),
      undefined,
    );
  });
}
