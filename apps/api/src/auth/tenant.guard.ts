import { getCurrentInvoke } from '@codegenie/serverless-express';
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { FastifyRequest } from 'fastify';
import { AppConfig } from '@app/config';
import { AppError } from '@app/core';
import { DEFAULT_TENANT_ID } from '@app/jobs';
import { ApiKeyVerifier } from '@app/tenants';
import { Caller, callerOf } from '../http/caller-identity';
import { openAccessAllowed } from './open-access';
import { PUBLIC_ROUTE } from './public-route';

export const API_KEY_HEADER = 'x-api-key';

/** What the guard reads of the configuration, provided by ApiModule. */
export type TenantGuardConfig = Pick<AppConfig, 'auth' | 'api'>;
export const TENANT_GUARD_CONFIG = Symbol('TenantGuardConfig');

/**
 * Authenticates every route not marked @PublicRoute() and records the caller on the request. In order: the
 * identity API Gateway checked (Lambda), else a self-hosted key from API_KEYS_FILE in `x-api-key` (required
 * while the file holds any), else an open API's anonymous caller in the default tenant, where allowed.
 * Refusals are 401 in the usual error shape, through AppErrorFilter.
 */
@Injectable()
export class TenantGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly keys: ApiKeyVerifier,
    @Inject(TENANT_GUARD_CONFIG) private readonly config: TenantGuardConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]))
      return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    request.caller = this.authenticate(request.headers[API_KEY_HEADER]);
    return true;
  }

  private authenticate(header: string | string[] | undefined): Caller {
    // serverless-express keeps the event being served in a module slot; a Lambda container serves one at a time.
    const event = getCurrentInvoke().event;
    const fromGateway = callerOf(event?.requestContext, this.config.auth.gatewayKeyTenants);
    if (fromGateway) return fromGateway;

    const presented = typeof header === 'string' && header.length > 0 ? header : undefined;
    if (this.keys.hasKeys()) {
      if (!presented)
        throw new AppError('unauthenticated', `This API needs an API key in the ${API_KEY_HEADER} header`);
      const key = this.keys.verify(presented);
      if (!key) throw new AppError('unauthenticated', 'The API key is not valid (unknown or revoked)');
      return { kind: 'api-key', id: key.id, tenantId: key.tenant };
    }
    if (!openAccessAllowed(this.config, event !== undefined)) {
      throw new AppError('unauthenticated', 'This API accepts no calls yet: it has no API keys and is not open (AUTH)');
    }
    return { kind: 'anonymous', tenantId: DEFAULT_TENANT_ID };
  }
}
