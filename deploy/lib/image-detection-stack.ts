import { CfnOutput, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { jobsTableName } from '@app/infrastructure';
import { apiEnvironment, ResourceNames, workerEnvironment } from './config/app-environment';
import { queueTiming } from './config/queue-timing';
import { StackConfig } from './config/stack-config';
import { ServiceAlarms } from './constructs/alarms';
import { ApiFunction } from './constructs/api-function';
import { AuditTrail } from './constructs/audit-trail';
import { BacklogScaling } from './constructs/backlog-scaling';
import { ServiceDashboard } from './constructs/dashboard';
import { JobQueue } from './constructs/job-queue';
import { JobsTable } from './constructs/jobs-table';
import { JobsRestApi } from './constructs/rest-api';
import { UploadBucket } from './constructs/upload-bucket';
import { WorkerNetwork } from './constructs/worker-network';
import { WorkerService } from './constructs/worker-service';
import { JobResourceArns } from './policies/resource-arns';

export interface ImageDetectionStackProps extends StackProps {
  config: StackConfig;
  /** Docker build context of the worker image and base of relative paths (the Lambda zip). */
  repoRoot: string;
}

/** The whole service on AWS: API Gateway + Lambda in front, SQS in the middle, Fargate workers behind. */
export class ImageDetectionStack extends Stack {
  constructor(scope: Construct, id: string, props: ImageDetectionStackProps) {
    super(scope, id, props);
    const { config, repoRoot } = props;
    const timing = queueTiming(config);

    const uploads = new UploadBucket(this, 'Uploads', config);
    const { bucket } = uploads;
    const jobQueue = new JobQueue(this, 'Jobs', {
      namePrefix: config.namePrefix,
      visibilityTimeoutSeconds: timing.visibilityTimeoutSeconds,
      maxReceiveCount: config.maxReceiveCount,
    });
    const jobsTable = new JobsTable(this, 'JobStore', {
      tableName: jobsTableName(config.namePrefix),
      pendingIndex: config.pendingIndex,
    });
    const arns: JobResourceArns = {
      bucketArn: bucket.bucketArn,
      queueArn: jobQueue.queue.queueArn,
      deadLetterQueueArn: jobQueue.deadLetterQueue.queueArn,
      tableArn: jobsTable.table.tableArn,
      userIndexArn: jobsTable.userIndexArn,
      pendingIndexArn: jobsTable.pendingIndexArn,
    };
    const names: ResourceNames = {
      bucketName: bucket.bucketName,
      tableName: jobsTable.table.tableName,
      queueUrl: jobQueue.queue.queueUrl,
      deadLetterQueueUrl: jobQueue.deadLetterQueue.queueUrl,
    };

    const apiFunction = new ApiFunction(this, 'ApiFunction', {
      repoRoot,
      lambdaZipPath: config.lambdaZipPath,
      requireLambdaZip: config.requireLambdaZip,
      environment: apiEnvironment(config, names),
      arns,
      logRetentionDays: config.logRetentionDays,
    });
    const restApi = new JobsRestApi(this, 'Api', {
      namePrefix: config.namePrefix,
      handler: apiFunction.function,
      stageName: config.apiStageName,
      rateLimit: config.apiRateLimit,
      burstLimit: config.apiBurstLimit,
      quotaPerDay: config.apiQuotaPerDay,
      tenants: config.tenants,
      tenantRateLimit: config.tenantRateLimit,
      tenantBurstLimit: config.tenantBurstLimit,
      logRetentionDays: config.logRetentionDays,
      cognitoUserPoolArn: config.cognitoUserPoolArn,
      enableWaf: config.enableWaf,
      corsPreflight: config.apiCorsOrigins.length > 0,
    });
    // Which key is whose: the API maps the key id API Gateway checked to its tenant (see apps/api caller-identity).
    apiFunction.function.addEnvironment(
      'API_KEY_TENANTS',
      restApi.tenantKeys.map(({ tenant, key }) => `${key.keyId}=${tenant}`).join(','),
    );

    const network = new WorkerNetwork(this, 'Network', { flowLogRetentionDays: config.logRetentionDays });
    const worker = new WorkerService(this, 'Worker', {
      namePrefix: config.namePrefix,
      repoRoot,
      network,
      environment: workerEnvironment(config, names, timing),
      arns,
      cpu: config.workerCpu,
      memoryMiB: config.workerMemoryMiB,
      stopTimeoutSeconds: config.workerStopTimeoutSeconds,
      logRetentionDays: config.logRetentionDays,
    });
    new BacklogScaling(this, 'WorkerScaling', {
      service: worker.service,
      cluster: worker.cluster,
      queue: jobQueue.queue,
      minTasks: config.workerMinTasks,
      maxTasks: config.workerMaxTasks,
      targetBacklogPerTask: config.targetBacklogPerTask,
    });

    const alarms = new ServiceAlarms(this, 'Alarms', {
      namePrefix: config.namePrefix,
      queue: jobQueue.queue,
      deadLetterQueue: jobQueue.deadLetterQueue,
      apiFunction: apiFunction.function,
      api: restApi.api,
      workerLogGroup: worker.logGroup,
      oldestMessageAlarmSeconds: config.oldestMessageAlarmSeconds,
      apiLatencyAlarmMs: config.apiLatencyAlarmMs,
      alarmEmail: config.alarmEmail,
    });
    new ServiceDashboard(this, 'Dashboard', {
      namePrefix: config.namePrefix,
      queue: jobQueue.queue,
      deadLetterQueue: jobQueue.deadLetterQueue,
      cluster: worker.cluster,
      service: worker.service,
      alarms: alarms.alarms,
    });
    if (config.enableCloudTrail) {
      new AuditTrail(this, 'Audit', {
        namePrefix: config.namePrefix,
        bucket,
        table: jobsTable.table,
        accessLogsBucket: uploads.accessLogsBucket,
      });
    }

    this.outputs({
      ApiUrl: restApi.api.url,
      TenantApiKeyIds: restApi.tenantKeys.map(({ tenant, key }) => `${tenant}=${key.keyId}`).join(','),
      ApiKeyValueCommand: 'aws apigateway get-api-key --api-key KEY_ID --include-value --query value --output text',
      BucketName: bucket.bucketName,
      TableName: jobsTable.table.tableName,
      QueueUrl: jobQueue.queue.queueUrl,
      DeadLetterQueueUrl: jobQueue.deadLetterQueue.queueUrl,
      ApiLogGroup: apiFunction.logGroup.logGroupName,
      ApiAccessLogGroup: restApi.accessLogGroup.logGroupName,
      WorkerLogGroup: worker.logGroup.logGroupName,
      WorkerClusterName: worker.cluster.clusterName,
    });
  }

  private outputs(values: Record<string, string>): void {
    for (const [id, value] of Object.entries(values)) new CfnOutput(this, id, { value });
  }
}
