import { STATUS_CODES } from 'node:http';
import { FieldProblem } from '@app/core';

/** The one error shape every route answers with. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldProblem[];
}

export function errorBody(statusCode: number, message: string, errors?: FieldProblem[]): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(errors?.length ? { errors } : {}) };
}
