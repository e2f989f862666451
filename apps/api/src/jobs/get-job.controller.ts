import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AppError } from '@app/core';
import { GetJobUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { assertMayRead } from './job-access';
import { JobResponse } from './job.response';

@ApiTags('jobs')
@Controller('jobs')
export class GetJobController {
  constructor(private readonly getJob: GetJobUseCase) {}

  @Get(':jobId')
  @ApiOperation({ summary: 'Read a job: its status and, once finished, the detections per image' })
  @ApiParam({ name: 'jobId', format: 'uuid', example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  @ApiOkResponse({ type: JobResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No job has this id.' })
  async get(
    @Param(
      'jobId',
      new ParseUUIDPipe({ exceptionFactory: () => new AppError('not-found', 'no job has this id: job ids are UUIDs') }),
    )
    jobId: string,
    @CallerIdentity() caller?: Caller,
  ): Promise<JobResponse> {
    const job = await this.getJob.execute(jobId);
    assertMayRead(caller, job);
    return JobResponse.from(job);
  }
}
