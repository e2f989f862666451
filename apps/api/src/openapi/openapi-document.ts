import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@app/config';
import { ApiModule } from '../api.module';
import { buildOpenApiDocument } from '../swagger';

/**
 * The OpenAPI document of the self-hosted API, built from the Nest app without listening or reaching any server.
 * The environment is fixed (defaults, a throwaway data dir) so the document does not depend on who runs it.
 */
export async function openApiDocument(): Promise<OpenAPIObject> {
  const dataDir = mkdtempSync(join(tmpdir(), 'openapi-'));
  const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '0' });
  const app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config), new FastifyAdapter(), {
    logger: false,
    bodyParser: false,
  });
  try {
    await app.init();
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The committed form: two-space JSON with a final newline, so regenerating an unchanged API changes no byte. */
export function serializeOpenApi(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
