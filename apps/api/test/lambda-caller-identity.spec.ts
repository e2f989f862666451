import { describe, expect, it } from 'vitest';
import { callerOf } from '../src/http/caller-identity';

describe('callerOf (API Gateway request context)', () => {
  it('when a REST Cognito authorizer passed claims, then the caller is their sub', () => {
    expect(callerOf({ authorizer: { claims: { sub: 'cognito-sub-1' } } })?.id).toBe('cognito-sub-1');
  });

  it('when an HTTP API JWT authorizer passed claims, then the caller is their sub', () => {
    expect(callerOf({ authorizer: { jwt: { claims: { sub: 'jwt-sub-2' } } } })?.id).toBe('jwt-sub-2');
  });

  it('when both a Cognito user and an API key are known, then the user wins: the key names a client, not a person', () => {
    expect(
      callerOf({ identity: { apiKeyId: 'key-id', apiKey: 'key-secret' }, authorizer: { claims: { sub: 'person' } } })
        ?.id,
    ).toBe('person');
  });

  it('when only an API key was checked, then the caller is the key id', () => {
    expect(callerOf({ identity: { apiKeyId: 'a1b2c3', apiKey: 'the-secret-key' }, authorizer: null })?.id).toBe(
      'a1b2c3',
    );
  });

  it('when the key comes without its id, then the caller is a stable fingerprint that does not reveal the key', () => {
    const id = callerOf({ identity: { apiKey: 'the-secret-key' } })?.id;
    expect(id).toMatch(/^apikey-[0-9a-f]{16}$/);
    expect(id).not.toContain('the-secret-key');
    expect(callerOf({ identity: { apiKey: 'the-secret-key' } })?.id).toBe(id);
    expect(callerOf({ identity: { apiKey: 'another-key' } })?.id).not.toBe(id);
  });

  it('when the gateway authenticated no one (or there is no event), then there is no caller', () => {
    expect(callerOf({ identity: { apiKey: null, apiKeyId: null }, authorizer: null })).toBeUndefined();
    expect(callerOf(undefined)).toBeUndefined();
  });

  it('when Cognito names the caller, then they are a user; when only an API key does, then an api-key caller', () => {
    expect(callerOf({ authorizer: { claims: { sub: 'person' } } })?.kind).toBe('user');
    expect(callerOf({ identity: { apiKeyId: 'k1' } })?.kind).toBe('api-key');
  });
});
