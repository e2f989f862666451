import { Inject, Injectable } from '@nestjs/common';
import { JOB_STORE, JobPage, JobStore } from '../../ports/job-store.port';

export class ListJobsQuery {
  constructor(
    readonly tenantId: string,
    readonly userId: string,
    readonly limit: number,
    readonly cursor?: string,
  ) {}
}

/** One user's jobs within the caller's tenant, newest first, a page at a time. */
@Injectable()
export class ListJobsUseCase {
  constructor(@Inject(JOB_STORE) private readonly store: JobStore) {}

  execute(query: ListJobsQuery): Promise<JobPage> {
    return this.store.listByUser(
      { tenantId: query.tenantId, userId: query.userId },
      { limit: query.limit, cursor: query.cursor },
    );
  }
}
