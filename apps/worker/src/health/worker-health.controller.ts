import { Controller, Get, Inject, Res } from '@nestjs/common';
import { SqsService } from '@ssut/nestjs-sqs';
import { FastifyReply } from 'fastify';
import { withTimeout } from '@app/core';
import { JOB_QUEUE, JOB_STORE, JobQueue, JobStore } from '@app/jobs';
import { JOBS_CONSUMER } from '../process-job.consumer';

/** For the container health check: 200 while the consumer polls and the store and queue answer. */
@Controller('health')
export class WorkerHealthController {
  constructor(
    private readonly sqs: SqsService,
    @Inject(JOB_STORE) private readonly store: JobStore,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  @Get()
  async check(@Res() reply: FastifyReply): Promise<void> {
    const consumer = this.sqs.consumers.get(JOBS_CONSUMER)?.instance;
    const checks = {
      consumer: consumer?.status.isRunning ? 'up' : 'down',
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
}
