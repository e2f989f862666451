import { Controller, Get, Inject, Res } from '@nestjs/common';
import { SqsService } from '@ssut/nestjs-sqs';
import { FastifyReply } from 'fastify';
import { withTimeout } from '@app/core';
import { JOB_QUEUE, JOB_STORE, JobQueue, JobStore } from '@app/jobs';
import { JOBS_CONSUMER } from '../process-job.consumer';

/**
 * Liveness (`/health/live`): the process answers and its consumer polls; the container health check (Dockerfile,
 * ECS) uses it, so an outage of the store or the queue does not cycle the tasks. Readiness (`/health/ready`, and
 * `/health` as before): besides, the job store and the queue answer.
 */
@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly sqs: SqsService,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get('live')
  live(@Res() reply: FastifyReply): void {
    const checks = { consumer: this.consumerState() };
    reply
      .status(checks.consumer === 'up' ? 200 : 503)
      .send({ status: checks.consumer === 'up' ? 'ok' : 'error', checks });
  }

  @Get(['', 'ready'])
  async check(@Res() reply: FastifyReply): Promise<void> {
    const checks = {
      consumer: this.consumerState(),
      jobStore: await withTimeout(this.store.ping(), 3000).then(
        () => 'up',
        () => 'down',
      ),
      queue: await withTimeout(this.queue.ping(), 3000).then(
        () => 'up',
        () => 'down',
      ),
    };
    const healthy = Object.values(checks).every((state) => state === 'up');
    reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'error', checks });
  }

  /** The consumer stops polling only when told to (shutdown) or when it crashed: both are for a restart to cure. */
  private consumerState(): 'up' | 'down' {
    return this.sqs.consumers.get(JOBS_CONSUMER)?.instance?.status.isRunning ? 'up' : 'down';
  }
}
