import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamicModule, Module } from '@nestjs/common';
import { SqsModule } from '@ssut/nestjs-sqs';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig, AppConfigModule } from '@app/config';
import { logDestination } from '@app/core';
import { ObjectDetector } from '@app/detection';
import { FailDeadLetteredJobUseCase, IMAGE_DETECTOR, JobsModule, ProcessJobUseCase, SQS_CLIENT } from '@app/jobs';
import { StorageModule } from '@app/storage';
import { ConsumerDrain } from './consumer-drain';
import { WorkerHealthController } from './health/worker-health.controller';
import { OnnxImageDetector } from './onnx-image-detector';
import { DEAD_LETTERS_CONSUMER, DeadLetterConsumer } from './dead-letter.consumer';
import { JOBS_CONSUMER, ProcessJobConsumer } from './process-job.consumer';

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
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({ pinoHttp: destination ? [logOptions, destination] : logOptions }),
        StorageModule.forRoot(config),
        JobsModule.forRoot(config),
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
                messageSystemAttributeNames: ['ApproximateReceiveCount'],
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
      controllers: [WorkerHealthController],
      providers: [
        {
          provide: ObjectDetector,
          useFactory: () =>
            ObjectDetector.create({
              modelPath: worker.modelPath,
              minConfidence: worker.minConfidence,
              iouThreshold: worker.nmsIouThreshold,
              poolSize: worker.inferenceThreads,
            }),
        },
        OnnxImageDetector,
        { provide: IMAGE_DETECTOR, useExisting: OnnxImageDetector },
        ProcessJobUseCase,
        ProcessJobConsumer,
        FailDeadLetteredJobUseCase,
        DeadLetterConsumer,
        ConsumerDrain,
      ],
    };
  }
}
