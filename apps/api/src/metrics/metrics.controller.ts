import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { FastifyReply } from 'fastify';
import { Registry } from '@app/jobs/adapters/prometheus';
import { PublicRoute } from '../auth/public-route';

export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/**
 * Prometheus scrape target. Public like /health: a scraper carries no API key, and the figures name routes, never
 * tenants, users or jobs. Not in the OpenAPI document: it is for Prometheus, not for the API's clients.
 */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @PublicRoute()
  @SkipThrottle()
  @ApiExcludeEndpoint()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    reply.header('content-type', this.registry.contentType).send(await this.registry.metrics());
  }
}
