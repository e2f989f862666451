import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { workerEnvironment } from '../lib/config/app-environment';
import { queueTiming } from '../lib/config/queue-timing';
import { readStackConfig } from '../lib/config/read-stack-config';

const configWith = (context: Record<string, unknown>) => readStackConfig(new App({ context }).node);

describe('stack configuration from CDK context', () => {
  it('when no context is given, then the documented defaults apply', () => {
    expect(configWith({})).toEqual({
      namePrefix: 'image-detection',
      bucketName: undefined,
      corsAllowedOrigins: ['http://localhost:3000'],
      apiCorsOrigins: [],
      uploadsRetentionDays: 7,
      resultsRetentionDays: 30,
      jobsResultTtlDays: 30,
      pendingIndex: true,
      logRetentionDays: 30,
      jobTimeoutSeconds: 120,
      maxReceiveCount: 5,
      workerMinTasks: 0,
      workerMaxTasks: 10,
      targetBacklogPerTask: 10,
      workerCpu: 1024,
      workerMemoryMiB: 2048,
      workerConcurrency: 2,
      workerStopTimeoutSeconds: 120,
      minConfidence: 0.5,
      logLevel: 'info',
      maxUploadBytes: 20971520,
      uploadUrlExpiresSeconds: 900,
      maxImagesPerJob: 50,
      apiStageName: 'prod',
      apiRateLimit: 10,
      apiBurstLimit: 20,
      apiQuotaPerDay: 10000,
      tenants: ['default'],
      tenantRateLimit: 5,
      tenantBurstLimit: 10,
      oldestMessageAlarmSeconds: 900,
      apiLatencyAlarmMs: 3000,
      alarmEmail: undefined,
      enableCloudTrail: false,
      enableWaf: false,
      cognitoUserPoolArn: undefined,
      lambdaZipPath: 'dist/lambda/lambda-deployment.zip',
      requireLambdaZip: false,
    });
  });

  it('when values come as strings from `cdk -c`, then numbers, booleans and lists are parsed', () => {
    const config = configWith({
      workerMaxTasks: '20',
      enableCloudTrail: 'true',
      minConfidence: '0.35',
      corsAllowedOrigins: 'https://a.example, https://b.example',
    });
    expect(config).toMatchObject({
      workerMaxTasks: 20,
      enableCloudTrail: true,
      minConfidence: 0.35,
      corsAllowedOrigins: ['https://a.example', 'https://b.example'],
    });
  });

  it('when values come typed from cdk.json, then they are taken as they are', () => {
    const config = configWith({
      workerMaxTasks: 4,
      enableCloudTrail: false,
      corsAllowedOrigins: ['https://app.example'],
    });
    expect(config).toMatchObject({
      workerMaxTasks: 4,
      enableCloudTrail: false,
      corsAllowedOrigins: ['https://app.example'],
    });
  });

  it('when resultsRetentionDays is set alone, then the job TTL follows it', () => {
    expect(configWith({ resultsRetentionDays: '90' }).jobsResultTtlDays).toBe(90);
  });

  it('when several values are invalid, then one error lists every problem', () => {
    const attempt = () =>
      configWith({
        workerMinTasks: '5',
        workerMaxTasks: '2',
        jobTimeoutSeconds: 'soon',
        enableCloudTrail: 'yes',
        corsAllowedOrigins: 'https://ok.example,ftp://bad.example/path',
        apiCorsOrigins: 'app.example.com',
        workerCpu: '1000',
        logRetentionDays: '31',
        jobsResultTtlDays: '60',
        namePrefix: 'Bad Name',
      });
    expect(attempt).toThrowError(
      new Error(
        [
          'Invalid deploy context:',
          '  - jobTimeoutSeconds must be an integer from 1 to 7200, got "soon"',
          '  - enableCloudTrail must be true or false, got "yes"',
          '  - namePrefix must match /^[a-z][a-z0-9-]{1,40}$/, got "Bad Name"',
          '  - logRetentionDays must be one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653, got 31',
          '  - workerMinTasks (5) must not exceed workerMaxTasks (2)',
          '  - workerCpu must be one of 256, 512, 1024, 2048, 4096, 8192, 16384, got 1000',
          '  - jobsResultTtlDays (60) must not exceed resultsRetentionDays (30)',
          '  - corsAllowedOrigins entries must look like https://host[:port] (no path), got "ftp://bad.example/path"',
          '  - apiCorsOrigins entries must look like https://host[:port] (no path), got "app.example.com"',
        ].join('\n'),
      ),
    );
  });

  it('when cognitoUserPoolArn is not a user pool ARN, then the configuration is refused', () => {
    expect(() => configWith({ cognitoUserPoolArn: 'eu-west-1_AbC' })).toThrow(
      'cognitoUserPoolArn must look like arn:aws:cognito-idp:<region>:<account>:userpool/<region>_<id>, got "eu-west-1_AbC"',
    );
    const arn = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';
    expect(configWith({ cognitoUserPoolArn: arn, enableWaf: 'true' })).toMatchObject({
      cognitoUserPoolArn: arn,
      enableWaf: true,
    });
  });

  it('when the burst limit is below the rate limit, then the configuration is refused', () => {
    expect(() => configWith({ apiRateLimit: '50', apiBurstLimit: '10' })).toThrow(
      'apiBurstLimit (10) must be at least apiRateLimit (50)',
    );
  });

  it('when a tenant limit exceeds the stage, a tenant name is not one the API accepts, or a name repeats, then every problem is reported', () => {
    const attempt = () => configWith({ tenants: 'acme,Bad Name,acme', tenantRateLimit: '11', tenantBurstLimit: '21' });
    expect(attempt).toThrow('tenantRateLimit (11) must not exceed apiRateLimit (10)');
    expect(attempt).toThrow('tenantBurstLimit (21) must not exceed apiBurstLimit (20)');
    expect(attempt).toThrow('tenants: "Bad Name" must match');
    expect(attempt).toThrow('tenants must not repeat a name');
  });
});

describe('queue timing and worker environment', () => {
  it('when the job timeout is 200 s, then visibility is 1200 s and the heartbeat renews it every 400 s', () => {
    expect(queueTiming(configWith({ jobTimeoutSeconds: '200' }))).toEqual({
      visibilityTimeoutSeconds: 1200,
      heartbeatSeconds: 400,
    });
  });

  it('when the worker has 4 vCPUs, then it runs 4 inference threads and its heartbeat stays below the visibility timeout', () => {
    const config = configWith({ workerCpu: '4096', workerMemoryMiB: '8192' });
    const environment = workerEnvironment(
      config,
      {
        bucketName: 'b',
        tableName: 't',
        queueUrl: 'q',
        deadLetterQueueUrl: 'd',
        webhookQueueUrl: 'w',
        webhookSecretArn: 's',
      },
      queueTiming(config),
    );
    expect(environment.INFERENCE_THREADS).toBe('4');
    expect(Number(environment.QUEUE_HEARTBEAT_SECONDS)).toBeLessThan(
      Number(environment.QUEUE_VISIBILITY_TIMEOUT_SECONDS),
    );
  });
});
