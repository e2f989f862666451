import { Controller, Get, Res } from '@nestjs/common';
import { FastifyReply } from 'fastify';
import { WorkerMetrics } from '../metrics/worker-metrics';

/** Prometheus scrape target on the worker's health server. */
@Controller('metrics')
export class WorkerMetricsController {
  constructor(private readonly metrics: WorkerMetrics) {}

  @Get()
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    reply.header('content-type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
