import { Controller, Get, Inject, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { FastifyReply } from 'fastify';
import { withTimeout } from '@app/core';
import { JOB_QUEUE, JOB_STORE, JobQueue, JobStore } from '@app/jobs';
import { PublicRoute } from '../auth/public-route';

/**
 * Liveness (`/health/live`: the process answers) apart from readiness (`/health/ready`, and `/health` as before:
 * the job store and the queue answer). A restart cures a dead process, not an outage of a dependency.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get('live')
  @PublicRoute()
  @SkipThrottle()
  @ApiOperation({ summary: 'Liveness: the process answers (dependencies are not asked)' })
  @ApiResponse({ status: 200, description: 'Alive', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get(['', 'ready'])
  @PublicRoute()
  @SkipThrottle()
  @ApiOperation({ summary: 'Readiness: the job store and the queue answer (also at /health)' })
  @ApiResponse({
    status: 200,
    description: 'Healthy',
    schema: { example: { status: 'ok', info: { jobStore: { status: 'up' }, queue: { status: 'up' } } } },
  })
  @ApiResponse({
    status: 503,
    description: 'A dependency is down',
    schema: { example: { status: 'error', error: { queue: { status: 'down', message: 'connect ECONNREFUSED' } } } },
  })
  async check(@Res() reply: FastifyReply): Promise<void> {
    try {
      reply.send(
        await this.health.check([
          () => this.probe('jobStore', () => this.store.ping()),
          () => this.probe('queue', () => this.queue.ping()),
        ]),
      );
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      reply.status(503).send(error.getResponse());
    }
  }

  private async probe(key: string, ping: () => Promise<void>) {
    const indicator = this.indicators.check(key);
    try {
      await withTimeout(ping(), 3000);
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error.message });
    }
  }
}
