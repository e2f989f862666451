/**
 * The peer of bench:lambda: the stack the issue keeps as the design, alone. NestJS on its Fastify adapter behind
 * `@codegenie/serverless-express`, answering the bench's first event (`POST /uploads/presign`) with an S3 presigned
 * PUT, and nothing of the product: no config validation, DTO validation, keys, tenants, logging, metrics, DynamoDB
 * or SQS. Bundled and loaded exactly as the product's zip (bench/lambda/package-stack-alone.mjs), its cold start is
 * what the design costs before the product adds anything.
 */
import 'reflect-metadata';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import serverlessExpress from '@codegenie/serverless-express';
import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncomingMessage, ServerResponse } from 'node:http';

const s3 = new S3Client({ region: process.env.AWS_REGION, requestChecksumCalculation: 'WHEN_REQUIRED' });

@Controller()
class PresignController {
  @Post('uploads/presign')
  @HttpCode(200)
  async presign(@Body() body: { filename: string; contentType: string }) {
    const command = new PutObjectCommand({
      Bucket: process.env.S3_BUCKET,
      Key: `uploads/${body.filename}`,
      ContentType: body.contentType,
    });
    return { url: await getSignedUrl(s3, command, { expiresIn: 900 }), method: 'PUT' };
  }
}

@Module({ controllers: [PresignController] })
class StackAloneModule {}

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

async function bootstrap(): Promise<Handler> {
  const app = await NestFactory.create<NestFastifyApplication>(StackAloneModule, new FastifyAdapter(), {
    logger: false,
  });
  await app.init();
  const fastify = app.getHttpAdapter().getInstance();
  await fastify.ready();
  const route = (req: IncomingMessage, res: ServerResponse) => fastify.routing(req, res);
  return serverlessExpress({
    app: route,
    framework: {
      sendRequest: ({ request, response }: { request: IncomingMessage; response: ServerResponse }) =>
        route(request, response),
    },
  }) as Handler;
}

// As the product: the bootstrap starts in the init phase.
const ready = bootstrap();
ready.catch(() => undefined);

export const handler: Handler = async (event, context) => (await ready)(event, context);
