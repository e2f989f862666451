import { Controller, HttpCode, Inject, Param, Put, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { AppError } from '@app/core';
import {
  IMAGE_CONTENT_TYPES,
  OBJECT_STORAGE,
  ObjectExistsError,
  ObjectStorage,
  ObjectTooLargeError,
} from '@app/storage';
import { PublicRoute } from '../auth/public-route';
import { ErrorResponse } from '../http/error-response.dto';
import { SelfHostedUploadQuery } from './self-hosted-upload.query';
import { UploadVerifier } from './upload-verifier';

/**
 * The self-hosted stand-in for a presigned S3 PUT: the URL from POST /uploads/presign points here. The signature
 * is checked before a byte is read, and the body is streamed to storage with a hard size cap, so a refused upload
 * writes nothing.
 */
@ApiTags('uploads')
@Controller('storage')
export class SelfHostedUploadController {
  constructor(
    @Inject(OBJECT_STORAGE) private readonly storage: ObjectStorage,
    private readonly verifier: UploadVerifier,
  ) {}

  @Put(':bucket/*')
  @HttpCode(200)
  @PublicRoute()
  @SkipThrottle()
  @ApiOperation({ summary: 'Upload an image to a presigned URL (self-hosted storage only)' })
  @ApiParam({ name: 'bucket', example: 'image-processing-uploads' })
  @ApiParam({
    name: 'path',
    description: 'The object key, as returned by POST /uploads/presign',
    example: 'uploads/2026/11/28/6f1c0e0e-4c1e-4b7e-9a57-0d6f3a9b8f10-car-damage.jpg',
  })
  @ApiConsumes(...IMAGE_CONTENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 200, description: 'Stored; the object can now be named in POST /process.' })
  @ApiResponse({ status: 400, type: ErrorResponse, description: 'Content type differs from the signed one.' })
  @ApiResponse({ status: 403, type: ErrorResponse, description: 'Bad or expired signature.' })
  @ApiResponse({ status: 409, type: ErrorResponse, description: 'The key already holds an upload (URLs write once).' })
  @ApiResponse({ status: 413, type: ErrorResponse, description: 'Body larger than the signed maximum.' })
  async upload(
    @Param('bucket') bucket: string,
    @Query() query: SelfHostedUploadQuery,
    @Req() request: FastifyRequest,
  ): Promise<{ bucket: string; key: string }> {
    // Fastify has already decoded the path; decoding again would misread a key holding `%` (and throw on `%E0`).
    const key = (request.params as Record<string, string>)['*'] ?? '';
    const grant = this.verifier.verify({
      bucket,
      key,
      query,
      contentType: request.headers['content-type'],
      contentLength: request.headers['content-length'],
    });
    // The signed content type is an image type, and image bodies reach this route unparsed (see raw-image-body.ts).
    const body = request.body as Readable;
    try {
      // Write-once: an upload URL stores one object, never replaces one that /process may already have checked.
      await this.storage.write(key, body, { contentType: grant.contentType, maxBytes: grant.maxBytes, ifAbsent: true });
    } catch (error) {
      if (error instanceof ObjectTooLargeError) throw this.verifier.tooLarge(grant.maxBytes);
      if (error instanceof ObjectExistsError) {
        throw new AppError('conflict', 'This upload URL was already used: the object exists. Request a new URL.');
      }
      throw error;
    }
    return { bucket, key };
  }
}
