import { statusesAllowedBefore } from '../../domain/job-status';
import { JobTransition } from '../../ports/job-store.port';
import { JOBS_TABLE } from '@app/infrastructure';

export interface UpdateParts {
  UpdateExpression: string;
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

/**
 * The UpdateItem for one state change: set the given attributes, count an attempt if asked, and only if the job's
 * current status is one the move is legal from (a missing job has no status, so it is never created by accident).
 */
export function transitionUpdate(t: JobTransition, attributes: Record<string, unknown>): UpdateParts {
  const fields = Object.entries({ status: t.to, updatedAt: t.at.toISOString(), ...attributes }).filter(
    ([, value]) => value !== undefined,
  );
  const allowed = statusesAllowedBefore(t.to);
  const names: Record<string, string> = {
    '#status': 'status',
    '#pending': JOBS_TABLE.pendingIndex.partitionKey,
    '#pendingSince': JOBS_TABLE.pendingIndex.sortKey,
    ...Object.fromEntries(fields.map(([name], i) => [`#f${i}`, name])),
  };
  const values: Record<string, unknown> = {
    ...Object.fromEntries(fields.map(([, value], i) => [`:f${i}`, value])),
    ...Object.fromEntries(allowed.map((status, i) => [`:from${i}`, status])),
  };
  let update = `SET ${fields.map((_, i) => `#f${i} = :f${i}`).join(', ')}`;
  if (t.countAttempt) {
    names['#attempts'] = 'attempts';
    values[':one'] = 1;
    update += ' ADD #attempts :one';
  }
  // No transition leads to PENDING: the job leaves the sparse pending index.
  update += ' REMOVE #pending, #pendingSince';
  return {
    UpdateExpression: update,
    ConditionExpression: `#status IN (${allowed.map((_, i) => `:from${i}`).join(', ')})`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
