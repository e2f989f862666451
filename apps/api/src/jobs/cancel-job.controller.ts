import { Controller, Delete } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CancelJobCommand, CancelJobUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { JobResponse } from './job.response';
import { JobIdParam } from './job-id.param';

@ApiTags('jobs')
@Controller('jobs')
export class CancelJobController {
  constructor(private readonly cancelJob: CancelJobUseCase) {}

  @Delete(':jobId')
  @ApiOperation({
    summary: 'Cancel a PENDING or PROCESSING job',
    description:
      'The job becomes CANCELLED at once; a worker on it stops before its next image. Images already done keep their results.',
  })
  @ApiParam({ name: 'jobId', format: 'uuid', example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  @ApiOkResponse({ type: JobResponse, description: 'The job, now CANCELLED.' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No job of your tenant has this id.' })
  @ApiConflictResponse({
    type: ErrorResponse,
    description: 'The job has already ended (COMPLETED, FAILED or CANCELLED).',
  })
  async cancel(@JobIdParam() jobId: string, @CallerIdentity() caller: Caller): Promise<JobResponse> {
    return JobResponse.from(await this.cancelJob.execute(new CancelJobCommand(jobId, caller.tenantId)));
  }
}
