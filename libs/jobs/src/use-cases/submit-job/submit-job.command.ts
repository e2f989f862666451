/** A request to detect objects in already-uploaded images (`s3://bucket/key` URLs). Shape checks happen upstream. */
export class SubmitJobCommand {
  constructor(
    readonly imageUrls: string[],
    readonly userId?: string,
    readonly metadata?: Record<string, unknown>,
  ) {}
}
