import { Param, ParseIntPipe } from '@nestjs/common';
import { AppError } from '@app/core';

/** The `:index` route parameter: anything but a non-negative integer names no image (404). */
export const ImageIndexParam = (): ParameterDecorator =>
  Param(
    'index',
    new ParseIntPipe({
      exceptionFactory: () => new AppError('not-found', 'no image has this index: indexes are integers from 0'),
    }),
  );
