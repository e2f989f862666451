import { AppError } from '@app/core';
import { Caller } from '../http/caller-identity';

/**
 * The userId a request acts as within the caller's tenant: the one it names, else the caller's own id (a key's
 * jobs without a userId belong to the key). A signed-in user may name only themselves.
 */
export function actingUserId(caller: Caller, named: string | undefined): string | undefined {
  if (caller.kind === 'user' && named !== undefined && named !== caller.id) {
    throw new AppError('forbidden', 'A signed-in user can only act as themselves', [
      { field: 'userId', rule: 'ownUserId', message: 'userId must be your own user id (or be left out)' },
    ]);
  }
  return named ?? caller.id;
}
