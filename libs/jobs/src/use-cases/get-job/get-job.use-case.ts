import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '@app/core';
import { Job } from '../../domain/job';
import { JOB_STORE, JobStore } from '../../ports/job-store.port';

@Injectable()
export class GetJobUseCase {
  constructor(@Inject(JOB_STORE) private readonly store: JobStore) {}

  async execute(jobId: string): Promise<Job> {
    const job = await this.store.get(jobId);
    if (!job) throw new AppError('not-found', `job ${jobId} does not exist`);
    return job;
  }
}
