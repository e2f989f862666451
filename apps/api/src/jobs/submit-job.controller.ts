import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiAcceptedResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { JobStatus, SubmitJobCommand, SubmitJobUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { actingUserId } from './job-access';
import { SubmitJobRequest, SubmitJobResponse } from './submit-job.dto';

@ApiTags('jobs')
@Controller()
export class SubmitJobController {
  constructor(private readonly submitJob: SubmitJobUseCase) {}

  @Post('process')
  // 202: the job is accepted, not done; Location says where to watch it.
  @HttpCode(202)
  @ApiOperation({ summary: 'Submit a detection job for uploaded images; poll GET /jobs/{jobId} for the result' })
  @ApiAcceptedResponse({
    type: SubmitJobResponse,
    description: 'The job is stored and queued.',
    headers: {
      Location: {
        description: 'Where to read the job',
        schema: { type: 'string', example: '/jobs/0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' },
      },
      'X-Request-Id': { description: 'The request id (yours if you sent a valid one)', schema: { type: 'string' } },
    },
  })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description: 'Missing, malformed, foreign-bucket or not-yet-uploaded images, too many images, bad JSON.',
  })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Body over MAX_BODY_BYTES (64 KiB by default).' })
  @ApiServiceUnavailableResponse({
    type: ErrorResponse,
    description: 'The queue could not take the job; nothing was accepted.',
  })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'A signed-in (Cognito) user named another userId.' })
  async submit(
    @Body() body: SubmitJobRequest,
    @CallerIdentity() caller: Caller,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SubmitJobResponse> {
    // The job belongs to the caller's tenant; without a userId, to the caller itself (its key or Cognito user).
    const userId = actingUserId(caller, body.userId);
    const job = await this.submitJob.execute(
      new SubmitJobCommand(body.imageUrls, userId, body.metadata, caller.tenantId, request.id),
    );
    reply.header('Location', `/jobs/${job.jobId}`);
    return {
      success: true,
      jobId: job.jobId,
      status: JobStatus.PENDING,
      message: `Job created for ${job.imageCount} image(s)`,
      imageCount: job.imageCount,
    };
  }
}
