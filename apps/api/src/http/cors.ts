import cors from '@fastify/cors';
import { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * CORS for browser clients on the origins of CORS_ORIGINS; with none configured nothing is registered, so no
 * response carries Access-Control-* headers and browsers on other origins keep being refused.
 */
export async function enableCors(app: NestFastifyApplication, origins: string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(cors, {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['content-type', 'x-api-key', 'authorization', 'idempotency-key', 'x-request-id'],
    exposedHeaders: ['location', 'x-request-id', 'idempotent-replayed'],
    maxAge: 600,
  });
}
