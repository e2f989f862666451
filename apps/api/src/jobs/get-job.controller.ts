import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { GetJobQuery, GetJobUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { JobResponse } from './job.response';
import { JobIdParam } from './job-id.param';

@ApiTags('jobs')
@Controller('jobs')
export class GetJobController {
  constructor(private readonly getJob: GetJobUseCase) {}

  @Get(':jobId')
  @ApiOperation({ summary: 'Read a job: its status and, once finished, the detections per image' })
  @ApiParam({ name: 'jobId', format: 'uuid', example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  @ApiOkResponse({ type: JobResponse })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No job of your tenant has this id.' })
  async get(@JobIdParam() jobId: string, @CallerIdentity() caller: Caller): Promise<JobResponse> {
    // Another tenant's job reads exactly like a job that does not exist: 404, nothing about it revealed.
    const job = await this.getJob.execute(new GetJobQuery(jobId, caller.tenantId));
    return JobResponse.from(job);
  }
}
