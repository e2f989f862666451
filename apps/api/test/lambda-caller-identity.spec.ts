import { describe, expect, it } from 'vitest';
import { callerIdentityOf } from '../src/http/caller-identity';

describe('callerIdentityOf (API Gateway request context)', () => {
  it('when a REST Cognito authorizer passed claims, then the caller is their sub', () => {
    expect(callerIdentityOf({ authorizer: { claims: { sub: 'cognito-sub-1' } } })).toBe('cognito-sub-1');
  });

  it('when an HTTP API JWT authorizer passed claims, then the caller is their sub', () => {
    expect(callerIdentityOf({ authorizer: { jwt: { claims: { sub: 'jwt-sub-2' } } } })).toBe('jwt-sub-2');
  });

  it('when both a Cognito user and an API key are known, then the user wins: the key names a client, not a person', () => {
    expect(callerIdentityOf({ identity: { apiKeyId: 'key-id', apiKey: 'key-secret' }, authorizer: { claims: { sub: 'person' } } })).toBe('person');
  });

  it('when only an API key was checked, then the caller is the key id', () => {
    expect(callerIdentityOf({ identity: { apiKeyId: 'a1b2c3', apiKey: 'the-secret-key' }, authorizer: null })).toBe('a1b2c3');
  });

  it('when the key comes without its id, then the caller is a stable fingerprint that does not reveal the key', () => {
    const id = callerIdentityOf({ identity: { apiKey: 'the-secret-key' } });
    expect(id).toMatch(/^apikey-[0-9a-f]{16}$/);
    expect(id).not.toContain('the-secret-key');
    expect(callerIdentityOf({ identity: { apiKey: 'the-secret-key' } })).toBe(id);
    expect(callerIdentityOf({ identity: { apiKey: 'another-key' } })).not.toBe(id);
  });

  it('when the gateway authenticated no one (or there is no event), then there is no caller', () => {
    expect(callerIdentityOf({ identity: { apiKey: null, apiKeyId: null }, authorizer: null })).toBeUndefined();
    expect(callerIdentityOf(undefined)).toBeUndefined();
  });
});
