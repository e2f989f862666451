import { ValidationError, ValidationPipe } from '@nestjs/common';
import { AppError, FieldProblem } from '@app/core';

/** Flattens class-validator's tree into one problem per broken rule, with dotted/indexed field paths. */
export function toFieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field: field || 'body',
      rule,
      message,
    }));
    return [...own, ...toFieldProblems(error.children ?? [], field)];
  });
}

/** Every route's body and query go through class-validator; unknown properties are refused, not ignored. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => AppError.validation(toFieldProblems(errors)),
  });
}
