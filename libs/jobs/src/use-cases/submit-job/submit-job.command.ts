import { DEFAULT_TENANT_ID, RequestedDetectionOptions } from '../../domain/job';

/** A request to detect objects in already-uploaded images (`s3://bucket/key` URLs). Shape checks happen upstream. */
export class SubmitJobCommand {
  constructor(
    readonly imageUrls: string[],
    readonly userId?: string,
    readonly metadata?: Record<string, unknown>,
    /** The tenant the caller authenticated as; the job is visible to that tenant only. */
    readonly tenantId: string = DEFAULT_TENANT_ID,
    /** The API request's id: it travels in the job message, so the worker's log lines for the job carry it. */
    readonly requestId?: string,
    /** The client's Idempotency-Key: the same key and request within 24 h give the same job. */
    readonly idempotencyKey?: string,
    /** The model and thresholds asked for; the rest comes from the registry's defaults. */
    readonly options: RequestedDetectionOptions = {},
  ) {}
}
