import { Controller, Get, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { GetJobQuery, GetJobUseCase } from '@app/jobs';
import { Caller, CallerIdentity } from '../http/caller-identity';
import { ErrorResponse } from '../http/error-response.dto';
import { JobResponse } from './job.response';
import { CocoResultDto, cocoResultsOf, csvOf, JOB_FORMATS, parseJobFormat } from './job-export';
import { JobIdParam } from './job-id.param';

@ApiTags('jobs')
@ApiExtraModels(JobResponse, CocoResultDto)
@Controller('jobs')
export class GetJobController {
  constructor(private readonly getJob: GetJobUseCase) {}

  @Get(':jobId')
  @ApiOperation({
    summary: 'Read a job: its status and, once finished, the detections per image; or its detections as COCO or CSV',
  })
  @ApiParam({ name: 'jobId', format: 'uuid', example: '0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55' })
  @ApiQuery({
    name: 'format',
    required: false,
    enum: JOB_FORMATS,
    description:
      '`json` (default): the job. `coco`: the detections of its done images in the COCO results format, an array of `{image_id, category_id, bbox: [x, y, w, h], score, image_url}`, `image_id` being the image’s `imageIndex` in the job and `image_url` the image it stands for. `csv`: `text/csv`, one row per detection (RFC 4180, header row; text cells that a spreadsheet would run as a formula start with an apostrophe).',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: 'The job (format json), its COCO results (format coco) or its CSV (format csv).',
    content: {
      'application/json': {
        schema: {
          oneOf: [
            { $ref: getSchemaPath(JobResponse) },
            { type: 'array', items: { $ref: getSchemaPath(CocoResultDto) } },
          ],
        },
      },
      'text/csv': {
        schema: { type: 'string' },
        example:
          'job_id,image_index,image_key,label,class_id,confidence,x,y,w,h,x1_norm,y1_norm,x2_norm,y2_norm\r\n0b7d6c1e-2f4a-4c43-9a43-6f2a3c1d9e55,0,uploads/2026/11/28/8d339c1b-chelsea.png,cat,17,0.9306,0,3,389,292,0,0.01,0.8625,0.9833\r\n',
      },
    },
  })
  @ApiBadRequestResponse({ type: ErrorResponse, description: '`format` is not json, coco or csv.' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No job of your tenant has this id.' })
  async get(
    @JobIdParam() jobId: string,
    @Query('format') format: unknown,
    @CallerIdentity() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<JobResponse | CocoResultDto[] | string> {
    const chosen = parseJobFormat(format);
    // Another tenant's job reads exactly like a job that does not exist: 404, nothing about it revealed.
    const job = await this.getJob.execute(new GetJobQuery(jobId, caller.tenantId));
    if (chosen === 'coco') return cocoResultsOf(job);
    if (chosen === 'csv') {
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="job-${job.jobId}.csv"`);
      return csvOf(job);
    }
    return JobResponse.from(job);
  }
}
