import { Param, ParseUUIDPipe } from '@nestjs/common';
import { AppError } from '@app/core';

/** The `:jobId` route parameter: not a UUID reads as "no such job" (404), like an id that does not exist. */
export const JobIdParam = (): ParameterDecorator =>
  Param(
    'jobId',
    new ParseUUIDPipe({ exceptionFactory: () => new AppError('not-found', 'no job has this id: job ids are UUIDs') }),
  );
