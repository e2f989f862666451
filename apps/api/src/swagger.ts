import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** The OpenAPI document of the app's routes: served at /docs-json and exported to openapi.json (npm run openapi). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Image detection API')
      .setDescription(
        'Asynchronous object detection. 1) POST /uploads/presign and PUT the image to the returned URL. ' +
          '2) POST /process with the s3:// URLs. 3) Poll GET /jobs/{jobId} until COMPLETED or FAILED. ' +
          'Every error answers with { statusCode, error, message, errors: [{ field, rule, message }] }.',
      )
      .setVersion('0.1.0')
      // Swagger UI's Authorize button sends the key on "Try it out" calls.
      .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
      .addSecurityRequirements('api-key')
      .addTag('uploads')
      .addTag('jobs')
      .addTag('models')
      .addTag('health')
      .build(),
  );
}

/**
 * The OpenAPI document at /docs-json, and with `ui` Swagger UI at /docs. The Lambda package leaves the UI's assets
 * out (1.5 MiB of files that would triple the zip), so there only the document is served.
 */
export function setUpSwagger(app: INestApplication, { ui = true }: { ui?: boolean } = {}): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json', ui });
}
