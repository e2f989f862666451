import { Duration, IgnoreMode } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { WORKER_HEALTH_PORT } from '../config/app-environment';
import { JobResourceArns } from '../policies/resource-arns';
import { suppressObjectPrefixWildcards } from '../policies/object-prefix-wildcards';
import { workerPolicyStatements } from '../policies/worker-policy';
import { ownLogGroup } from './own-log-group';
import { WorkerNetwork } from './worker-network';

export interface WorkerServiceProps {
  namePrefix: string;
  repoRoot: string;
  network: WorkerNetwork;
  environment: Record<string, string>;
  arns: JobResourceArns;
  cpu: number;
  memoryMiB: number;
  stopTimeoutSeconds: number;
  logRetentionDays: number;
  /** Values ECS reads from Secrets Manager into the container's environment at start (never in the template). */
  secrets?: Record<string, ecs.Secret>;
}

/** The same probe as the Dockerfile's HEALTHCHECK: ECS ignores the image's own health check. */
export const WORKER_HEALTH_COMMAND = [
  'CMD',
  'node',
  '-e',
  `fetch('http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||${WORKER_HEALTH_PORT})+'/health/live',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
];

/** The ONNX worker on Fargate, built from the repository's Dockerfile. */
export class WorkerService extends Construct {
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
  readonly logGroup: logs.LogGroup;
  readonly taskDefinition: ecs.FargateTaskDefinition;

  constructor(scope: Construct, id: string, props: WorkerServiceProps) {
    super(scope, id);
    this.logGroup = ownLogGroup(this, 'LogGroup', props.logRetentionDays);
    // Container Insights publishes RunningTaskCount, the denominator of the backlog-per-task metric.
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      clusterName: `${props.namePrefix}-workers`,
      vpc: props.network.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu,
      memoryLimitMiB: props.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
    });
    for (const statement of workerPolicyStatements(props.arns)) this.taskDefinition.addToTaskRolePolicy(statement);
    suppressObjectPrefixWildcards(this.taskDefinition.taskRole);

    this.taskDefinition.addContainer('worker', {
      // Staged as a folder at synth time; the image is built by `cdk deploy` (needs a Docker engine there).
      image: ecs.ContainerImage.fromAsset(props.repoRoot, {
        file: 'Dockerfile',
        platform: Platform.LINUX_AMD64,
        ignoreMode: IgnoreMode.DOCKER,
      }),
      environment: props.environment,
      secrets: props.secrets,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker', logGroup: this.logGroup }),
      // SIGTERM, then this long to finish in-flight jobs before SIGKILL.
      stopTimeout: Duration.seconds(props.stopTimeoutSeconds),
      // An init process forwards SIGTERM to node and reaps zombies.
      linuxParameters: new ecs.LinuxParameters(this, 'LinuxParameters', { initProcessEnabled: true }),
      healthCheck: {
        command: WORKER_HEALTH_COMMAND,
        interval: Duration.seconds(30),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
    });

    NagSuppressions.addResourceSuppressions(this.taskDefinition, [
      {
        id: 'AwsSolutions-ECS2',
        reason:
          'Every variable is configuration, none a secret (deploy/README.md lists why; deploy/test/worker.spec.ts ' +
          'refuses secret-looking names): resource names and URLs the task role already scopes, tuning numbers and ' +
          'paths. The worker holds no secret at all: AWS credentials come from the task role.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      this.taskDefinition.obtainExecutionRole(),
      [
        {
          id: 'AwsSolutions-IAM5',
          appliesTo: ['Resource::*'],
          reason:
            'Only ecr:GetAuthorizationToken, which supports no resource-level permission; pulling layers is scoped ' +
            "to the CDK asset repository and logging to the worker's log group.",
        },
      ],
      true,
    );

    this.service = new ecs.FargateService(this, 'Service', {
      serviceName: `${props.namePrefix}-worker`,
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      assignPublicIp: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [props.network.securityGroup],
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      circuitBreaker: { rollback: true },
      platformVersion: ecs.FargatePlatformVersion.LATEST,
    });
  }
}
