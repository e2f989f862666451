/**
 * An error an SQS client can catch by name. `code` is the modelled shape name (the JSON `__type`),
 * `queryCode` the legacy Query-protocol code that the SDK reads first from `x-amzn-query-error`.
 */
export class SqsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly queryCode: string = code,
    readonly status: number = 400,
    readonly fault: 'Sender' | 'Receiver' = 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}
