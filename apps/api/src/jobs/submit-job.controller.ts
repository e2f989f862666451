import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { AppError } from '@app/core';
import { JobStatus, MAX_IDEMPOTENCY_KEY_LENGTH, SubmitJobCommand, SubmitJobUseCase } from '@app/jobs';
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
  @ApiOkResponse({
    type: SubmitJobResponse,
    description:
      'A replay: this Idempotency-Key was already used by your tenant with the same request within 24 h. The answer is the first one, for the same job; nothing new is stored or queued.',
    headers: {
      'Idempotent-Replayed': { description: 'Present on a replay', schema: { type: 'string', example: 'true' } },
      Location: { description: 'Where to read the job', schema: { type: 'string' } },
    },
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'Makes retries safe: 1-255 printable characters, unique per request you mean, remembered per tenant for 24 h. The same key with the same body answers the first job (200, `Idempotent-Replayed: true`); with another body, 409.',
    example: 'order-4711-attempt',
  })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The Idempotency-Key was already used with another body.' })
  @ApiBadRequestResponse({
    type: ErrorResponse,
    description:
      'Missing, malformed, foreign-bucket or not-yet-uploaded images, too many images, bad JSON, an Idempotency-Key over 255 characters or with control characters; an unknown `model` or a label the model lacks (`classes[i]`), a threshold out of range, a `tiling` that is not a boolean; a callbackUrl that is not an absolute http(s) URL (https on AWS), is over 2048 characters or holds user:password.',
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
    const idempotencyKey = idempotencyKeyOf(request.headers['idempotency-key']);
    const { job, replayed } = await this.submitJob.submit(
      new SubmitJobCommand(
        body.imageUrls,
        userId,
        body.metadata,
        caller.tenantId,
        request.id,
        idempotencyKey,
        {
          model: body.model,
          minConfidence: body.minConfidence,
          iouThreshold: body.iouThreshold,
          maxDetections: body.maxDetections,
          classes: body.classes,
          // false is the default: such a request is the same job as one without the field (and hashes the same).
          tiling: body.tiling || undefined,
        },
        body.callbackUrl,
      ),
    );
    reply.header('Location', `/jobs/${job.jobId}`);
    if (replayed) reply.status(200).header('Idempotent-Replayed', 'true');
    return {
      success: true,
      jobId: job.jobId,
      status: JobStatus.PENDING,
      message: `Job created for ${job.imageCount} image(s)`,
      imageCount: job.imageCount,
    };
  }
}

const PRINTABLE = /^[\x21-\x7e][\x20-\x7e]*$/;

/** The Idempotency-Key header, checked: absent is fine; too long or unprintable is a 400 naming the header. */
function idempotencyKeyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const field = 'Idempotency-Key';
  const key = Array.isArray(header) ? header.join(',') : header;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw AppError.validation([
      { field, rule: 'maxLength', message: `${field} must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters` },
    ]);
  }
  if (!PRINTABLE.test(key)) {
    throw AppError.validation([
      { field, rule: 'printable', message: `${field} must be 1 or more printable ASCII characters` },
    ]);
  }
  return key;
}
