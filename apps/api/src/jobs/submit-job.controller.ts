import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
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
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a detection job for uploaded images; poll GET /jobs/{jobId} for the result' })
  @ApiOkResponse({ type: SubmitJobResponse })
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
  async submit(@Body() body: SubmitJobRequest, @CallerIdentity() caller: Caller): Promise<SubmitJobResponse> {
    // The job belongs to the caller's tenant; without a userId, to the caller itself (its key or Cognito user).
    const userId = actingUserId(caller, body.userId);
    const job = await this.submitJob.execute(
      new SubmitJobCommand(body.imageUrls, userId, body.metadata, caller.tenantId),
    );
    return {
      success: true,
      jobId: job.jobId,
      status: JobStatus.PENDING,
      message: `Job created for ${job.imageCount} image(s)`,
      imageCount: job.imageCount,
    };
  }
}
