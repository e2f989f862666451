// What apps and other libs use; tests reach adapters by relative path. The ONNX adapter has its own entry point,
// @app/jobs/adapters/onnx, so that only the worker loads ONNX Runtime.
export * from './domain/job';
export * from './domain/job-status';
export * from './domain/job-message';
export * from './domain/idempotency';
export * from './ports/job-store.port';
export * from './ports/job-queue.port';
export * from './ports/image-detector.port';
export * from './ports/job-metrics.port';
export * from './ports/job-retention.port';
export * from './ports/model-catalog.port';
export * from './jobs.options';
export * from './jobs.tokens';
export { JobsModule } from './jobs.module';
export { waitForSelfHostedQueue } from './adapters/sqs/wait-for-self-hosted-queue';
// Provisioning, for aws:init.
export { createDynamoDbClient } from './adapters/dynamodb/dynamodb-client.factory';
export { createJobsTable } from './adapters/dynamodb/create-jobs-table';
export { createSqsClient } from './adapters/sqs/sqs-client.factory';
export { createJobQueues } from './adapters/sqs/create-job-queues';
// Operator tools, for npm run dlq.
export { DeadLetterQueue, offersMoveTasks } from './adapters/sqs/dead-letter-queue';
export type { DeadLetter, RedriveResult } from './adapters/sqs/dead-letter-queue';
export * from './use-cases/submit-job/submit-job.command';
export * from './use-cases/submit-job/submit-job.use-case';
export * from './use-cases/process-job/process-job.command';
export * from './use-cases/process-job/process-job.use-case';
export * from './use-cases/get-job/get-job.use-case';
export * from './use-cases/fail-dead-lettered-job/fail-dead-lettered-job.use-case';
export * from './use-cases/list-jobs/list-jobs.use-case';
export * from './use-cases/cancel-job/cancel-job.use-case';
export * from './use-cases/retry-job/retry-job.use-case';
export * from './use-cases/requeue-pending-jobs/requeue-pending-jobs.command';
export * from './use-cases/requeue-pending-jobs/requeue-pending-jobs.use-case';
export * from './use-cases/sweep-retention/sweep-retention.use-case';
export * from './use-cases/list-models/list-models.use-case';
