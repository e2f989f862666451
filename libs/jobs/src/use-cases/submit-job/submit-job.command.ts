import { DEFAULT_TENANT_ID } from '../../domain/job';

/** A request to detect objects in already-uploaded images (`s3://bucket/key` URLs). Shape checks happen upstream. */
export class SubmitJobCommand {
  constructor(
    readonly imageUrls: string[],
    readonly userId?: string,
    readonly metadata?: Record<string, unknown>,
    /** The tenant the caller authenticated as; the job is visible to that tenant only. */
    readonly tenantId: string = DEFAULT_TENANT_ID,
  ) {}
}
