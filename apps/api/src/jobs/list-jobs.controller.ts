import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ListJobsQuery, ListJobsUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { actingUserId } from './job-access';
import { JobResponse } from './job.response';

export class ListJobsRequest {
  @ApiProperty({ example: 'user123' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  userId: string;

  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export class JobPageResponse {
  @ApiProperty({ type: [JobResponse] })
  items: JobResponse[];

  @ApiPropertyOptional({ description: 'Pass as `cursor` to get the next page; absent on the last page.' })
  nextCursor?: string;
}

@ApiTags('jobs')
@Controller('jobs')
export class ListJobsController {
  constructor(private readonly listJobs: ListJobsUseCase) {}

  @Get()
  @ApiOperation({ summary: "A user's jobs within your tenant, newest first" })
  @ApiOkResponse({ type: JobPageResponse })
  async list(@Query() query: ListJobsRequest, @CallerIdentity() caller: Caller): Promise<JobPageResponse> {
    const userId = actingUserId(caller, query.userId)!;
    const page = await this.listJobs.execute(
      new ListJobsQuery(caller.tenantId, userId, query.limit ?? 20, query.cursor),
    );
    return { items: page.items.map(JobResponse.from), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
  }
}
