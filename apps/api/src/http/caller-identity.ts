import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { FastifyRequest } from 'fastify';
import { AppError } from '@app/core';

/** The parts of an API Gateway proxy event (REST v1 or HTTP API v2) that say who is calling. */
export interface IdentityRequestContext {
  identity?: { apiKey?: string | null; apiKeyId?: string | null } | null;
  authorizer?: { claims?: { sub?: string }; jwt?: { claims?: { sub?: string } } } | null;
}

/**
 * Who is calling, and the tenant whose jobs they see. An end user signed in through Cognito is a tenant of one
 * and may only act as themselves; an API key (API Gateway's or a self-hosted one) stands for a tenant's trusted
 * backend, which may name any user of its tenant; `anonymous` is any caller of an API that has no keys.
 */
export interface Caller {
  kind: 'user' | 'api-key' | 'anonymous';
  /** The Cognito sub or the key id; absent for anonymous callers. Never the key itself. */
  id?: string;
  tenantId: string;
}

/** A Cognito user's tenant. The `:` keeps it apart from every tenant an operator can name (see TENANT_NAME). */
export const cognitoTenant = (sub: string) => `cognito:${sub}`;

/**
 * Who API Gateway authenticated: the Cognito user (`sub` of the v1 authorizer claims or the v2 JWT claims) first,
 * else the API key, whose id maps to a tenant through API_KEY_TENANTS. A key the mapping does not know is refused
 * (401): it would otherwise land in some tenant by accident. Undefined when the gateway authenticated no one.
 */
export function callerOf(
  requestContext: IdentityRequestContext | undefined,
  keyTenants: Readonly<Record<string, string>>,
): Caller | undefined {
  const authorizer = requestContext?.authorizer;
  const cognitoSub = authorizer?.jwt?.claims?.sub ?? authorizer?.claims?.sub;
  if (cognitoSub) return { kind: 'user', id: cognitoSub, tenantId: cognitoTenant(cognitoSub) };
  const { apiKeyId, apiKey } = requestContext?.identity ?? {};
  if (!apiKeyId && !apiKey) return undefined;
  const tenantId = apiKeyId ? Object.hasOwn(keyTenants, apiKeyId) && keyTenants[apiKeyId] : undefined;
  if (!tenantId) throw new AppError('unauthenticated', 'This API key is not assigned to a tenant');
  return { kind: 'api-key', id: apiKeyId!, tenantId };
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by TenantGuard on every route that is not public. */
    caller?: Caller;
  }
}

/** Route parameter with the caller TenantGuard authenticated for this request. */
export const CallerIdentity = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  // A route without a caller is a public one; reading the caller there is a programming error, not a 401.
  if (!caller) throw new Error('CallerIdentity used on a route TenantGuard does not protect');
  return caller;
});
