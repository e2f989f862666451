import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Swagger UI at /docs, the OpenAPI document at /docs-json. */
export function setUpSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
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
      .addTag('health')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
