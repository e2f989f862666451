import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamicModule, Module } from '@nestjs/common';
import { SqsModule } from '@ssut/nestjs-sqs';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, jobsOptionsOf, storageOptionsOf } from '@app/config';
import { logDestination } from '@app/core';
import {
  FailDeadLetteredJobUseCase,
  JobsModule,
  ProcessJobUseCase,
  RequeuePendingJobsUseCase,
  SQS_CLIENT,
  SweepRetentionUseCase,
} from '@app/jobs';
import { OnnxImageDetectorModule } from '@app/jobs/adapters/onnx';
import { StorageModule } from '@app/storage';
import { ConsumerDrain } from './consumer-drain';
import { WorkerHealthController } from './health/worker-health.controller';
import { WorkerMetricsController } from './health/worker-metrics.controller';
import { WorkerMetricsModule } from './metrics/worker-metrics';
import { DEAD_LETTERS_CONSUMER, DeadLetterConsumer } from './dead-letter.consumer';
import { MaintenanceSweeps } from './maintenance-sweeps';
import { JOB_TIMEOUT_SECONDS, JOBS_CONSUMER, ProcessJobConsumer } from './process-job.consumer';

/** The worker: consumes the jobs queue through @ssut/nestjs-sqs and runs the "process job" use case. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    const { queue, worker } = config;
    // Readable lines on a terminal, JSON lines otherwise (see logDestination).
    const logOptions = { level: config.logLevel, autoLogging: false };
    const destination = logDestination();
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: destination ? [logOptions, destination] : logOptions }),
        WorkerMetricsModule.forRoot(),
        StorageModule.forRoot(storageOptionsOf(config)),
        JobsModule.forRoot(jobsOptionsOf(config)),
        // The models of JobsModule's registry; jobs stored before models could be chosen get the default model and
        // these thresholds.
        OnnxImageDetectorModule.forRoot({
          minConfidence: config.models.defaults.minConfidence,
          iouThreshold: config.models.defaults.iouThreshold,
          maxDetections: config.models.defaults.maxDetections,
          poolSize: worker.inferenceThreads,
          modelMemoryBytes: worker.modelMemoryBytes,
          decodeBudgetBytes: worker.decodeBudgetBytes,
        }),
        SqsModule.registerAsync({
          inject: [SQS_CLIENT],
          useFactory: (sqs: SQSClient) => ({
            consumers: [
              {
                name: JOBS_CONSUMER,
                queueUrl: queue.queueUrl,
                sqs,
                batchSize: worker.concurrency,
                waitTimeSeconds: 20,
                visibilityTimeout: queue.visibilityTimeoutSeconds,
                heartbeatInterval: queue.heartbeatSeconds,
                // SentTimestamp: for the receive-lag histogram.
                messageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
                pollingCompleteWaitTimeMs: worker.stopTimeoutSeconds * 1000,
                // A job past its timeout is left to a retry: its message is not acknowledged and comes back.
                handleMessageTimeout: worker.jobTimeoutSeconds * 1000,
              },
              {
                name: DEAD_LETTERS_CONSUMER,
                queueUrl: queue.deadLetterQueueUrl,
                sqs,
                batchSize: 10,
                waitTimeSeconds: 20,
                visibilityTimeout: 60,
              },
            ],
          }),
        }),
      ],
      controllers: [WorkerHealthController, WorkerMetricsController],
      providers: [
        { provide: JOB_TIMEOUT_SECONDS, useValue: worker.jobTimeoutSeconds },
        ProcessJobUseCase,
        ProcessJobConsumer,
        FailDeadLetteredJobUseCase,
        DeadLetterConsumer,
        ConsumerDrain,
        RequeuePendingJobsUseCase,
        SweepRetentionUseCase,
        MaintenanceSweeps,
      ],
    };
  }
}
