import { describe, expect, it } from 'vitest';
import { AppError } from '@app/core';
import { callerOf } from '../src/http/caller-identity';

const TENANTS = { a1b2c3: 'acme', k1: 'globex' };

describe('callerOf (API Gateway request context)', () => {
  it('when a REST Cognito authorizer passed claims, then the caller is their sub, a tenant of one', () => {
    expect(callerOf({ authorizer: { claims: { sub: 'cognito-sub-1' } } }, TENANTS)).toEqual({
      kind: 'user',
      id: 'cognito-sub-1',
      tenantId: 'cognito:cognito-sub-1',
    });
  });

  it('when an HTTP API JWT authorizer passed claims, then the caller is their sub, a tenant of one', () => {
    expect(callerOf({ authorizer: { jwt: { claims: { sub: 'jwt-sub-2' } } } }, TENANTS)).toMatchObject({
      id: 'jwt-sub-2',
      tenantId: 'cognito:jwt-sub-2',
    });
  });

  it('when both a Cognito user and an API key are known, then the user wins: the key names a client, not a person', () => {
    expect(
      callerOf(
        { identity: { apiKeyId: 'a1b2c3', apiKey: 'key-secret' }, authorizer: { claims: { sub: 'person' } } },
        TENANTS,
      )?.id,
    ).toBe('person');
  });

  it('when only an API key was checked, then the caller is the key id in the tenant API_KEY_TENANTS maps it to', () => {
    expect(callerOf({ identity: { apiKeyId: 'a1b2c3', apiKey: 'the-secret-key' }, authorizer: null }, TENANTS)).toEqual(
      { kind: 'api-key', id: 'a1b2c3', tenantId: 'acme' },
    );
    expect(callerOf({ identity: { apiKeyId: 'k1' } }, TENANTS)?.tenantId).toBe('globex');
  });

  it('when the key id is not mapped to a tenant, or comes without its id, then the caller is refused with 401', () => {
    for (const identity of [
      { apiKeyId: 'unmapped', apiKey: 'x' },
      { apiKey: 'the-secret-key' },
      { apiKeyId: 'toString' },
    ]) {
      const error = (() => {
        try {
          return callerOf({ identity }, TENANTS);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ kind: 'unauthenticated' });
      expect((error as Error).message).not.toContain('the-secret-key');
    }
  });

  it('when the gateway authenticated no one (or there is no event), then there is no caller', () => {
    expect(callerOf({ identity: { apiKey: null, apiKeyId: null }, authorizer: null }, TENANTS)).toBeUndefined();
    expect(callerOf(undefined, TENANTS)).toBeUndefined();
  });
});
