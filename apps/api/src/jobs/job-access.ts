import { AppError } from '@app/core';
import { Job } from '@app/jobs';
import { Caller } from '../http/caller-identity';

/** The userId a request acts as: the one it names, else the caller's. A signed-in user may name only themselves. */
export function actingUserId(caller: Caller | undefined, named: string | undefined): string | undefined {
  if (caller?.kind === 'user' && named !== undefined && named !== caller.id) {
    throw new AppError('forbidden', 'A signed-in user can only act as themselves', [
      { field: 'userId', rule: 'ownUserId', message: 'userId must be your own user id (or be left out)' },
    ]);
  }
  return named ?? caller?.id;
}

/** A signed-in user sees only their own jobs; anyone else's is answered as if it did not exist. */
export function assertMayRead(caller: Caller | undefined, job: Job): void {
  if (caller?.kind === 'user' && job.userId !== caller.id)
    throw new AppError('not-found', `job ${job.jobId} does not exist`);
}
