import { Controller, Get, Res, StreamableFile } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetAnnotatedImageQuery, GetAnnotatedImageUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { ImageIndexParam } from './image-index.param';
import { JobIdParam } from './job-id.param';

@ApiTags('jobs')
@Controller('jobs')
export class AnnotatedImageController {
  constructor(private readonly getAnnotatedImage: GetAnnotatedImageUseCase) {}

  @Get(':jobId/images/:index/annotated')
  @ApiOperation({
    summary: 'One done image of a job with its boxes and labels drawn (JPEG)',
    description:
      'The image as the boxes were found in it (EXIF orientation applied), each box outlined in its class’s colour with its label and confidence on a filled band. Drawn on first request and kept under `results/`, read from there afterwards. Not offered by the AWS Lambda deployment (501), whose bundle carries no image library.',
  })
  @ApiParam({ name: 'jobId', format: 'uuid', example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  @ApiParam({ name: 'index', description: 'The image’s `imageIndex` in the job', example: 0 })
  @ApiProduces('image/jpeg')
  @ApiOkResponse({
    description: 'The annotated image',
    content: { 'image/jpeg': { schema: { type: 'string', format: 'binary' } } },
  })
  @ApiNotFoundResponse({
    type: ErrorResponse,
    description: 'No job of your tenant has this id, or no image this index.',
  })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The image is not processed yet, or it failed.' })
  @ApiResponse({ status: 501, type: ErrorResponse, description: 'This deployment (AWS Lambda) draws no images.' })
  async get(
    @JobIdParam() jobId: string,
    @ImageIndexParam() index: number,
    @CallerIdentity() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const jpeg = await this.getAnnotatedImage.execute(new GetAnnotatedImageQuery(jobId, caller.tenantId, index));
    // Set on success only: an error answers JSON. A done image's drawing never changes; private: one tenant's.
    reply.header('content-type', 'image/jpeg').header('cache-control', 'private, max-age=86400');
    return new StreamableFile(jpeg, { type: 'image/jpeg', length: jpeg.length });
  }
}
