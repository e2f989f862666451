import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { AppError, AppErrorKind } from '@app/core';
import { ErrorBody, errorBody } from './error-body';

const STATUS_OF: Record<AppErrorKind, number> = {
  validation: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'not-implemented': 501,
  unavailable: 503,
};

/**
 * Turns any error into the service's error body; unexpected ones become a 500 that reveals nothing internal.
 * Fastify's own errors (bad JSON, body too large) reach here as HttpExceptions that Nest made from them.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) return errorBody(STATUS_OF[error.kind], error.message, error.problems);
  if (!(error instanceof HttpException)) return errorBody(500, 'Internal server error');
  const response = error.getResponse();
  const raw =
    typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? error.message);
  const message = Array.isArray(raw) ? raw.join('; ') : raw;
  const status = error.getStatus();
  if (status === 400 && /JSON/.test(message)) {
    return errorBody(400, `Malformed JSON body: ${message}`, [
      { field: 'body', rule: 'json', message: 'body must be a valid, non-empty JSON document' },
    ]);
  }
  if (status === 413) {
    return errorBody(413, 'Request body is too large', [
      { field: 'body', rule: 'maxBytes', message: 'body exceeds the size limit' },
    ]);
  }
  if (status === 415) {
    return errorBody(415, message, [
      { field: 'content-type', rule: 'json', message: 'content-type must be application/json' },
    ]);
  }
  return errorBody(status, message);
}

@Catch()
export class AppErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const body = toErrorBody(error);
    if (body.statusCode >= 500) this.logger.error({ err: error }, 'request failed');
    host.switchToHttp().getResponse<FastifyReply>().status(body.statusCode).send(body);
  }
}
