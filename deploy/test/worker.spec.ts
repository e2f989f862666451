import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WORKER_HEALTH_COMMAND } from '../lib/constructs/worker-service';
import {
  IDLE_MINUTES_BEFORE_ZERO,
  JOBS_IN_QUEUE_EXPRESSION,
  WAITING_WITH_NO_TASK_EXPRESSION,
  WAKE_PERIOD_SECONDS,
} from '../lib/constructs/backlog-scaling';
import { getAtt, isUploadsBucket, logicalIdOf, ref, REPO_ROOT, synth } from './support/synth';

describe('worker network', () => {
  const synthesized = synth();
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const vpcId = logicalIdOf(template, 'AWS::EC2::VPC');

  it('when synthesized, then S3 and DynamoDB are reached through gateway endpoints on every route table', () => {
    const endpoints = Object.values(template.findResources('AWS::EC2::VPCEndpoint')).map((endpoint) => ({
      type: endpoint.Properties.VpcEndpointType,
      service: endpoint.Properties.ServiceName['Fn::Join'][1][2],
      vpc: endpoint.Properties.VpcId,
      routeTables: endpoint.Properties.RouteTableIds.length,
    }));
    expect(endpoints).toEqual([
      { type: 'Gateway', service: '.s3', vpc: ref(vpcId), routeTables: 2 },
      { type: 'Gateway', service: '.dynamodb', vpc: ref(vpcId), routeTables: 2 },
    ]);
  });

  it('when synthesized, then there are two public subnets and no NAT gateway', () => {
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.MapPublicIpOnLaunch).toBe(true);
    }
  });

  it('when synthesized, then the worker security group accepts no inbound traffic and only HTTPS out', () => {
    const group = template.findResources('AWS::EC2::SecurityGroup')[logicalIdOf(template, 'AWS::EC2::SecurityGroup')];
    expect(group.Properties.SecurityGroupIngress).toBeUndefined();
    expect(group.Properties.SecurityGroupEgress).toEqual([
      { CidrIp: '0.0.0.0/0', Description: 'HTTPS to AWS APIs', FromPort: 443, IpProtocol: 'tcp', ToPort: 443 },
    ]);
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
  });

  it('when synthesized, then the VPC writes a flow log of all traffic to its own log group', () => {
    const flowLog = Object.values(template.findResources('AWS::EC2::FlowLog'))[0].Properties;
    expect(flowLog).toMatchObject({ ResourceId: ref(vpcId), ResourceType: 'VPC', TrafficType: 'ALL' });
    const logGroupId = flowLog.LogGroupName.Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId].Properties.RetentionInDays).toBe(30);
  });

  it('when synthesized, then the VPC default security group is stripped of its rules', () => {
    template.hasResourceProperties('Custom::VpcRestrictDefaultSG', {
      DefaultSecurityGroupId: getAtt(vpcId, 'DefaultSecurityGroup'),
    });
  });
});

describe('worker service', () => {
  const synthesized = synth({
    workerMinTasks: '2',
    workerMaxTasks: '8',
    targetBacklogPerTask: '15',
    workerCpu: '2048',
    workerMemoryMiB: '4096',
    workerStopTimeoutSeconds: '90',
  });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const taskDefinition =
    template.findResources('AWS::ECS::TaskDefinition')[logicalIdOf(template, 'AWS::ECS::TaskDefinition')];
  const [container] = taskDefinition.Properties.ContainerDefinitions;
  const clusterId = logicalIdOf(template, 'AWS::ECS::Cluster');
  const serviceId = logicalIdOf(template, 'AWS::ECS::Service');
  const queueId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs');

  it('when sized by context, then the Fargate task gets that CPU and memory on x86_64 Linux', () => {
    expect(taskDefinition.Properties).toMatchObject({
      Cpu: '2048',
      Memory: '4096',
      RequiresCompatibilities: ['FARGATE'],
      NetworkMode: 'awsvpc',
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' },
    });
  });

  it('when synthesized, then the container gets exactly the variables the worker reads, one inference thread per vCPU', () => {
    const environment = Object.fromEntries(
      container.Environment.map((variable: any) => [variable.Name, variable.Value]),
    );
    expect(environment).toEqual({
      NODE_ENV: 'production',
      S3_BUCKET: ref(logicalIdOf(template, 'AWS::S3::Bucket', isUploadsBucket)),
      JOBS_TABLE_NAME: ref(logicalIdOf(template, 'AWS::DynamoDB::Table')),
      SQS_QUEUE_URL: ref(queueId),
      LOG_LEVEL: 'info',
      MAX_UPLOAD_BYTES: '20971520',
      JOBS_RESULT_TTL_DAYS: '30',
      MIN_CONFIDENCE: '0.5',
      INFERENCE_THREADS: '2',
      WORKER_CONCURRENCY: '2',
      QUEUE_VISIBILITY_TIMEOUT_SECONDS: '720',
      QUEUE_HEARTBEAT_SECONDS: '240',
      MAX_RECEIVE_COUNT: '5',
      WORKER_HEALTH_PORT: '3001',
      WORKER_STOP_TIMEOUT_SECONDS: '80',
      SQS_DLQ_URL: ref(logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-dlq')),
      JOB_TIMEOUT_SECONDS: '120',
      WEBHOOK_QUEUE_URL: ref(
        logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs-webhooks'),
      ),
    });
  });

  it('when synthesized, then no variable of the container or the API function is named like a secret, and the only secret the task takes comes from Secrets Manager (why ECS2 is suppressed)', () => {
    const secretLike = /SECRET|PASSWORD|PASSPHRASE|TOKEN|PRIVATE|CREDENTIAL|API_?KEY|ACCESS_KEY/i;
    // API key *ids* mapped to tenants: an id is a name, not a credential (API Gateway checks the key value).
    // WEBHOOK_SECRET_ARN names where the webhook secret is; the function cannot read it (no permission).
    const notSecrets = ['API_KEY_TENANTS', 'WEBHOOK_SECRET_ARN'];
    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    const names = [
      ...container.Environment.map((variable: any) => variable.Name),
      ...functions.flatMap((fn) => Object.keys(fn.Properties.Environment?.Variables ?? {})),
    ];
    expect(names.length).toBeGreaterThan(20);
    expect(names.filter((name) => secretLike.test(name) && !notSecrets.includes(name))).toEqual([]);
    const secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret');
    expect(container.Secrets).toEqual([{ Name: 'WEBHOOK_SIGNING_SECRET', ValueFrom: ref(secretId) }]);
  });

  it('when synthesized, then the webhook master secret is generated by Secrets Manager, only the task execution role may read it, and the API function gets its ARN', () => {
    const secretId = logicalIdOf(template, 'AWS::SecretsManager::Secret');
    const secret = template.findResources('AWS::SecretsManager::Secret')[secretId].Properties;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    expect(secret.SecretString).toBeUndefined();
    const readers = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]) => JSON.stringify(policy.Properties.PolicyDocument).includes(JSON.stringify(ref(secretId))))
      .flatMap(([, policy]) => policy.Properties.Roles.map((role: any) => role.Ref));
    expect(readers).toHaveLength(1);
    expect(readers[0]).toMatch(/ExecutionRole/);
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Handler === 'lambda.handler',
    ) as any;
    expect(fn.Properties.Environment.Variables.WEBHOOK_SECRET_ARN).toEqual(ref(secretId));
  });

  it('when a stop timeout is configured, then the container has that long after SIGTERM, with an init process to forward it', () => {
    expect(container.StopTimeout).toBe(90);
    // The worker drains for 80 s, leaving 10 s for shutdown before SIGKILL.
    expect(container.LinuxParameters.InitProcessEnabled).toBe(true);
  });

  it('when synthesized, then the container health check calls liveness (GET /health/live) on the worker health port, so a dependency outage does not cycle the tasks', () => {
    expect(container.HealthCheck).toEqual({
      Command: WORKER_HEALTH_COMMAND,
      Interval: 30,
      Retries: 3,
      StartPeriod: 60,
      Timeout: 5,
    });
    expect(WORKER_HEALTH_COMMAND.join(' ')).toContain(
      "'http://127.0.0.1:'+(process.env.WORKER_HEALTH_PORT||3001)+'/health/live'",
    );
  });

  it('when synthesized, then the container logs go to the worker log group and the image is built from the repository Dockerfile for amd64', () => {
    expect(container.LogConfiguration.LogDriver).toBe('awslogs');
    expect(container.LogConfiguration.Options['awslogs-group']).toEqual(
      template.findOutputs('WorkerLogGroup').WorkerLogGroup.Value,
    );
    const manifest = JSON.parse(readFileSync(join(synthesized.outdir, 'ImageDetection.assets.json'), 'utf8'));
    const images = Object.values(manifest.dockerImages) as any[];
    expect(images.map((image) => image.source)).toEqual([
      { directory: REPO_ROOT, dockerFile: 'Dockerfile', platform: 'linux/amd64' },
    ]);
    expect(JSON.stringify(container.Image)).toContain('container-assets');
  });

  it('when synthesized, then the service runs in public subnets with a public IP, the no-ingress group and rollback on failed deploys', () => {
    const service = template.findResources('AWS::ECS::Service')[serviceId];
    expect(service.Properties.LaunchType).toBe('FARGATE');
    expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp).toBe('ENABLED');
    expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toEqual([
      getAtt(logicalIdOf(template, 'AWS::EC2::SecurityGroup'), 'GroupId'),
    ]);
    expect(service.Properties.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({
      Enable: true,
      Rollback: true,
    });
  });

  it('when synthesized, then Container Insights is on, so RunningTaskCount exists for the scaling metric', () => {
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('when min and max tasks are configured, then the scalable target spans them', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 8,
      ScalableDimension: 'ecs:service:DesiredCount',
      ServiceNamespace: 'ecs',
    });
  });

  it('when synthesized, then target tracking holds visible messages / running tasks at targetBacklogPerTask', () => {
    // A warm minimum (workerMinTasks=2 here): target tracking alone, no scale-to-zero policies.
    const policy = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
    expect(policy).toHaveLength(1);
    expect(policy[0].Properties.PolicyType).toBe('TargetTrackingScaling');
    expect(policy[0].Properties.ScalingTargetId).toEqual(
      ref(logicalIdOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget')),
    );
    expect(policy[0].Properties.TargetTrackingScalingPolicyConfiguration).toEqual({
      TargetValue: 15,
      ScaleOutCooldown: 60,
      ScaleInCooldown: 300,
      CustomizedMetricSpecification: {
        Metrics: [
          {
            Id: 'visible',
            ReturnData: false,
            MetricStat: {
              Stat: 'Sum',
              Metric: {
                Namespace: 'AWS/SQS',
                MetricName: 'ApproximateNumberOfMessagesVisible',
                Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
              },
            },
          },
          {
            Id: 'running',
            ReturnData: false,
            MetricStat: {
              Stat: 'Average',
              Metric: {
                Namespace: 'ECS/ContainerInsights',
                MetricName: 'RunningTaskCount',
                Dimensions: [
                  { Name: 'ClusterName', Value: ref(clusterId) },
                  { Name: 'ServiceName', Value: getAtt(serviceId, 'Name') },
                ],
              },
            },
          },
          {
            Id: 'backlogPerTask',
            Expression: 'visible / running',
            Label: 'Messages visible per running task',
            ReturnData: true,
          },
        ],
      },
    });
  });
});

describe('worker scale to zero (the default: workerMinTasks=0)', () => {
  const synthesized = synth({});
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const targetId = logicalIdOf(template, 'AWS::ApplicationAutoScaling::ScalableTarget');
  const queueId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs');
  const policies = template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy');
  const policyNamed = (name: string) =>
    Object.entries(policies).find(([, policy]) => policy.Properties.PolicyName === name)!;
  const alarmActingOn = (policyId: string) =>
    Object.values(template.findResources('AWS::CloudWatch::Alarm')).find(
      (alarm) => JSON.stringify(alarm.Properties.AlarmActions) === JSON.stringify([ref(policyId)]),
    )!.Properties;
  const expressionOf = (alarm: any) => alarm.Metrics.find((m: any) => m.ReturnData !== false);
  const queueMetricIn = (alarm: any, id: string) => alarm.Metrics.find((m: any) => m.Id === id).MetricStat;

  it('when no context is given, then the scalable target goes down to zero tasks, beside target tracking', () => {
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 10 });
    expect(Object.values(policies).map((p) => p.Properties.PolicyType)).toEqual(
      expect.arrayContaining(['TargetTrackingScaling', 'StepScaling', 'StepScaling']),
    );
    expect(Object.keys(policies)).toHaveLength(3);
  });

  it('when jobs wait and no task runs, then one alarm period (60 s) sets the service to exactly one task', () => {
    const [id, policy] = policyNamed('wake-from-zero');
    expect(policy.Properties.ScalingTargetId).toEqual(ref(targetId));
    expect(policy.Properties.StepScalingPolicyConfiguration).toEqual({
      AdjustmentType: 'ExactCapacity',
      Cooldown: 60,
      MetricAggregationType: 'Maximum',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    });
    const alarm = alarmActingOn(id);
    expect(alarm).toMatchObject({
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(WAKE_PERIOD_SECONDS).toBe(60);
    expect(expressionOf(alarm).Expression).toBe(WAITING_WITH_NO_TASK_EXPRESSION);
    // visible + in flight of the jobs queue, and the service's running tasks, each per minute.
    expect(queueMetricIn(alarm, 'visible')).toMatchObject({
      Metric: {
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queueId, 'QueueName') }],
      },
      Period: 60,
      Stat: 'Maximum',
    });
    expect(queueMetricIn(alarm, 'inFlight').Metric.MetricName).toBe('ApproximateNumberOfMessagesNotVisible');
    expect(queueMetricIn(alarm, 'running')).toMatchObject({
      Metric: { Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount' },
      Period: 60,
    });
  });

  it('when nothing was visible or in flight for 15 minutes, then the service is set to zero tasks (an idle queue publishing nothing counts as idle)', () => {
    const [id, policy] = policyNamed('sleep-when-idle');
    expect(policy.Properties.StepScalingPolicyConfiguration).toMatchObject({
      AdjustmentType: 'ExactCapacity',
      StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }],
    });
    const alarm = alarmActingOn(id);
    expect(IDLE_MINUTES_BEFORE_ZERO).toBe(15);
    expect(alarm).toMatchObject({
      ComparisonOperator: 'LessThanOrEqualToThreshold',
      Threshold: 0,
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
      TreatMissingData: 'breaching',
    });
    expect(expressionOf(alarm).Expression).toBe(JOBS_IN_QUEUE_EXPRESSION);
    expect(queueMetricIn(alarm, 'inFlight').Period).toBe(60);
  });
});

describe('worker with a warm minimum (context workerMinTasks=1)', () => {
  const synthesized = synth({ workerMinTasks: '1' });
  afterAll(() => synthesized.cleanup());

  it('when a warm minimum is asked for, then one task always runs and there is no scale-to-zero policy', () => {
    synthesized.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1 });
    const policies = Object.values(synthesized.template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'));
    expect(policies.map((p) => p.Properties.PolicyType)).toEqual(['TargetTrackingScaling']);
  });
});
