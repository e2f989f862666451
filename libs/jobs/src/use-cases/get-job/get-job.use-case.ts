import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@app/core';
import { Job } from '../../domain/job';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';

/** Read one job as one tenant sees it: a job of another tenant is answered exactly like one that does not exist. */
export class GetJobQuery {
  constructor(
    readonly jobId: string,
    readonly tenantId: string,
  ) {}
}

@Injectable()
export class GetJobUseCase {
  constructor(@Inject(JOB_STORE) private readonly store: JobStore) {}

  async execute({ jobId, tenantId }: GetJobQuery): Promise<Job> {
    const job = await this.store.get(jobId);
    if (!job || job.tenantId !== tenantId) throw new AppError('not-found', `job ${jobId} does not exist`);
    return job;
  }
}
