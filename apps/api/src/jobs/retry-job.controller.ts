import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiParam,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { RetryJobCommand, RetryJobUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { JobResponse } from './job.response';
import { JobIdParam } from './job-id.param';

@ApiTags('jobs')
@Controller('jobs')
export class RetryJobController {
  constructor(private readonly retryJob: RetryJobUseCase) {}

  @Post(':jobId/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: "Run a finished job's failed images again, in the same job",
    description:
      'The job goes back to PENDING; its failed images become pending (each one’s earlier errors kept in its `history`), its done images keep their results, and a worker runs only the pending ones.',
  })
  @ApiParam({ name: 'jobId', format: 'uuid', example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  @ApiAcceptedResponse({ type: JobResponse, description: 'The job, PENDING again; Location says where to watch it.' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No job of your tenant has this id.' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'No failed image to retry, or the job is still PENDING/PROCESSING, or CANCELLED.',
  })
  @ApiServiceUnavailableResponse({
    type: ErrorResponse,
    description: 'The queue is down: the job is PENDING again and starts once the queue is back.',
  })
  async retry(
    @JobIdParam() jobId: string,
    @CallerIdentity() caller: Caller,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse> {
    const job = await this.retryJob.execute(new RetryJobCommand(jobId, caller.tenantId, request.id));
    reply.header('Location', `/jobs/${job.jobId}`);
    return JobResponse.from(job);
  }
}
