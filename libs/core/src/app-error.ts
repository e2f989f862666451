/** What went wrong, in terms a transport can map to its own status codes (HTTP, queue acknowledgement). */
export type AppErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'too-large'
  | 'unavailable'
  /** A feature this deployment does not offer (HTTP 501), e.g. drawing images in a Lambda without sharp. */
  | 'not-implemented';

/** One broken rule of one input field, e.g. `{ field: 'imageUrls[1]', rule: 'exists', message: '...' }`. */
export interface FieldProblem {
  field: string;
  rule: string;
  message: string;
}

/** The one error type the apps' central handlers translate; anything else is an unexpected failure. */
export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    message: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  static validation(problems: FieldProblem[]): AppError {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
    return new AppError('validation', `Validation failed: ${summary}`, problems);
  }
}
