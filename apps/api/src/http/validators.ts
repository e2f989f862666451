import { ValidateBy, ValidationOptions } from 'class-validator';

/** Rejects `/` and `\`: a filename names a file, never a path. */
export function NoPathSeparators(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noPathSeparators',
      validator: {
        validate: (value) => typeof value === 'string' && !/[/\\]/.test(value),
        defaultMessage: (args) => `${args?.property} must not contain path separators (/ or \\)`,
      },
    },
    options,
  );
}

/** Rejects ASCII and Unicode control characters (newlines, NUL, bidi overrides ...). */
export function NoControlCharacters(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'noControlCharacters',
      validator: {
        validate: (value) => typeof value === 'string' && !/[\p{Cc}\p{Cf}]/u.test(value),
        defaultMessage: (args) => `${args?.property} must not contain control characters`,
      },
    },
    options,
  );
}

/** Bounds free-form JSON (job metadata) so one job stays well inside any store's item limit. */
export function MaxJsonBytes(maxBytes: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxJsonBytes',
      constraints: [maxBytes],
      validator: {
        validate: (value) => Buffer.byteLength(JSON.stringify(value ?? null)) <= maxBytes,
        defaultMessage: (args) => `${args?.property} must serialize to at most ${maxBytes} bytes of JSON`,
      },
    },
    options,
  );
}
