import { Inject, Injectable, Logger } from '@nestjs/common';
import { UPLOAD_RETENTION, UploadRetention } from '@app/storage';
import { SWEEP_OPTIONS, SweepOptions } from '../../jobs.options';
import { JOB_RETENTION, JobRetention } from '../../ports/job-retention.port';

const DAY_MS = 24 * 3600 * 1000;

/**
 * Self-hosted retention, as AWS has it through the bucket's lifecycle and DynamoDB's TTL: uploads older than
 * UPLOAD_RETENTION_DAYS, and finished jobs and results/ objects (annotated images) older than RETENTION_DAYS, are deleted. Either part is skipped when its
 * adapter is on AWS (the token is null) or its days are 0. Running it in several workers at once is harmless.
 */
@Injectable()
export class SweepRetentionUseCase {
  private readonly logger = new Logger(SweepRetentionUseCase.name);

  constructor(
    @Inject(JOB_RETENTION) private readonly jobs: JobRetention | null,
    @Inject(UPLOAD_RETENTION) private readonly uploads: UploadRetention | null,
    @Inject(SWEEP_OPTIONS) private readonly options: SweepOptions,
  ) {}

  async execute(now: Date): Promise<{ jobs: number; uploads: number; results: number }> {
    const { retentionDays, uploadRetentionDays } = this.options;
    const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
    const jobs = this.jobs && retentionDays > 0 ? await this.jobs.deleteFinishedBefore(ago(retentionDays)) : 0;
    const uploads =
      this.uploads && uploadRetentionDays > 0 ? await this.uploads.deleteUploadsBefore(ago(uploadRetentionDays)) : 0;
    // Annotated images live as long as the jobs they draw (RETENTION_DAYS), as results/ does on AWS.
    const results = this.uploads && retentionDays > 0 ? await this.uploads.deleteResultsBefore(ago(retentionDays)) : 0;
    if (jobs + uploads + results > 0)
      this.logger.log({ jobs, uploads, results }, 'retention sweep deleted old finished jobs, uploads and results');
    return { jobs, uploads, results };
  }
}
