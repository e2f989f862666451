import { getCurrentInvoke } from '@codegenie/serverless-express';
import { createParamDecorator } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** The parts of an API Gateway proxy event (REST v1 or HTTP API v2) that say who is calling. */
export interface IdentityRequestContext {
  identity?: { apiKey?: string | null; apiKeyId?: string | null } | null;
  authorizer?: { claims?: { sub?: string }; jwt?: { claims?: { sub?: string } } } | null;
}

/**
 * An end user (signed in through Cognito) may only act as themselves; an API key stands for a trusted backend
 * that submits and reads jobs on behalf of the users it names.
 */
export interface Caller {
  id: string;
  kind: 'user' | 'api-key';
}

/**
 * Who is calling, as API Gateway authenticated them: the Cognito user (`sub` of the v1 authorizer claims or the v2
 * JWT claims) first, else the API key's id. The key itself is a secret and never becomes an id; a key without its
 * id (rare) is known by a fingerprint. Undefined outside Lambda or when the gateway authenticated no one.
 */
export function callerOf(requestContext: IdentityRequestContext | undefined): Caller | undefined {
  const authorizer = requestContext?.authorizer;
  const cognitoSub = authorizer?.jwt?.claims?.sub ?? authorizer?.claims?.sub;
  if (cognitoSub) return { id: cognitoSub, kind: 'user' };
  const { apiKeyId, apiKey } = requestContext?.identity ?? {};
  if (apiKeyId) return { id: apiKeyId, kind: 'api-key' };
  if (apiKey)
    return { id: `apikey-${createHash('sha256').update(apiKey).digest('hex').slice(0, 16)}`, kind: 'api-key' };
  return undefined;
}

/**
 * Route parameter with the caller's identity for the event being served. serverless-express keeps the current
 * event in a module-level slot; a Lambda container serves one event at a time, so it is this request's event.
 */
export const CallerIdentity = createParamDecorator((): Caller | undefined =>
  callerOf(getCurrentInvoke().event?.requestContext),
);
