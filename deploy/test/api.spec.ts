import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { getAtt, logicalIdOf, ref, synth } from './support/synth';

describe('API Lambda and API Gateway', () => {
  const synthesized = synth({ apiRateLimit: '25', apiBurstLimit: '50', apiQuotaPerDay: '5000', apiStageName: 'v1' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const functionId = logicalIdOf(template, 'AWS::Lambda::Function', (p) => p.Handler === 'lambda.handler');
  const fn = template.findResources('AWS::Lambda::Function')[functionId];
  const apiId = logicalIdOf(template, 'AWS::ApiGateway::RestApi');

  it('when synthesized, then the API runs on Node 22 with handler lambda.handler, 1024 MB and 29 s', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs22.x',
      Handler: 'lambda.handler',
      MemorySize: 1024,
      Timeout: 29,
    });
  });

  it('when synthesized, then the function gets exactly the variables the API reads, pointing at the stack resources', () => {
    const bucketId = logicalIdOf(template, 'AWS::S3::Bucket');
    const tableId = logicalIdOf(template, 'AWS::DynamoDB::Table');
    const queueId = logicalIdOf(template, 'AWS::SQS::Queue', (p) => p.QueueName === 'image-detection-jobs');
    expect(fn.Properties.Environment.Variables).toEqual({
      NODE_ENV: 'production',
      S3_BUCKET: ref(bucketId),
      JOBS_TABLE_NAME: ref(tableId),
      SQS_QUEUE_URL: ref(queueId),
      LOG_LEVEL: 'info',
      MAX_UPLOAD_BYTES: '20971520',
      JOBS_RESULT_TTL_DAYS: '30',
      UPLOAD_URL_EXPIRES_SECONDS: '900',
      MAX_IMAGES_PER_JOB: '50',
      API_DOCS: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: 'true',
      API_KEY_TENANTS: { 'Fn::Join': ['', [ref(logicalIdOf(template, 'AWS::ApiGateway::ApiKey')), '=default']] },
    });
  });

  it('when synthesized, then the function logs to its own log group with the configured retention', () => {
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId].Properties.RetentionInDays).toBe(30);
  });

  it('when synthesized, then exactly the six routes exist, each a Lambda proxy, and only /health needs no API key', () => {
    const resources = template.findResources('AWS::ApiGateway::Resource');
    const pathOf = (resourceId: any): string => {
      if (resourceId['Fn::GetAtt']) return '';
      const resource = resources[resourceId.Ref];
      return `${pathOf(resource.Properties.ParentId)}/${resource.Properties.PathPart}`;
    };
    const routes = Object.values(template.findResources('AWS::ApiGateway::Method')).map((method) => ({
      route: `${method.Properties.HttpMethod} ${pathOf(method.Properties.ResourceId)}`,
      apiKeyRequired: method.Properties.ApiKeyRequired,
      integration: `${method.Properties.Integration.Type} ${JSON.stringify(method.Properties.Integration.Uri).includes(functionId)}`,
    }));
    expect(routes.sort((a, b) => a.route.localeCompare(b.route))).toEqual([
      { route: 'GET /health', apiKeyRequired: false, integration: 'AWS_PROXY true' },
      { route: 'GET /jobs', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'GET /jobs/{jobId}', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /process', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /uploads/presign', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /uploads/presign-post', apiKeyRequired: true, integration: 'AWS_PROXY true' },
    ]);
  });

  it('when synthesized, then API Gateway may invoke the function only from this API, once per route', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(6);
    for (const permission of permissions) {
      expect(permission.Properties).toMatchObject({
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
      });
      expect(JSON.stringify(permission.Properties.SourceArn)).toContain(apiId);
    }
  });

  it("when rates are configured, then the default tenant's usage plan throttles below the stage (half by default), caps its key and covers the stage", () => {
    template.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      UsagePlanName: 'image-detection-default',
      Throttle: { RateLimit: 12, BurstLimit: 25 },
      Quota: { Limit: 5000, Period: 'DAY' },
      ApiStages: [Match.objectLike({ ApiId: ref(apiId) })],
    });
    const keyId = logicalIdOf(template, 'AWS::ApiGateway::ApiKey');
    template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', { KeyId: ref(keyId), KeyType: 'API_KEY' });
  });

  it('when synthesized, then the stage writes JSON access logs to its own log group and throttles all methods', () => {
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0];
    expect(stage.Properties.StageName).toBe('v1');
    const destination = stage.Properties.AccessLogSetting.DestinationArn['Fn::GetAtt'][0];
    expect(template.findResources('AWS::Logs::LogGroup')[destination]).toBeDefined();
    expect(JSON.parse(stage.Properties.AccessLogSetting.Format)).toMatchObject({
      requestId: '$context.requestId',
      ip: '$context.identity.sourceIp',
      status: '$context.status',
      resourcePath: '$context.resourcePath',
    });
    expect(stage.Properties.MethodSettings).toEqual([
      {
        DataTraceEnabled: false,
        HttpMethod: '*',
        MetricsEnabled: true,
        ResourcePath: '/*',
        ThrottlingBurstLimit: 50,
        ThrottlingRateLimit: 25,
      },
    ]);
  });

  it('when synthesized, then API Gateway has the account-level role it needs to write access logs', () => {
    const roleId = logicalIdOf(template, 'AWS::IAM::Role', (p) =>
      JSON.stringify(p.AssumeRolePolicyDocument).includes('apigateway.amazonaws.com'),
    );
    template.hasResourceProperties('AWS::ApiGateway::Account', { CloudWatchRoleArn: getAtt(roleId, 'Arn') });
  });

  it('when synthesized, then the outputs give the API URL, the key id and the data resources', () => {
    const outputs = template.findOutputs('*');
    expect(Object.keys(outputs).sort()).toEqual([
      'ApiAccessLogGroup',
      'ApiKeyValueCommand',
      'ApiLogGroup',
      'ApiUrl',
      'BucketName',
      'DeadLetterQueueUrl',
      'QueueUrl',
      'TableName',
      'TenantApiKeyIds',
      'WorkerClusterName',
      'WorkerLogGroup',
    ]);
    expect(JSON.stringify(outputs.ApiUrl.Value)).toContain('execute-api');
    expect(JSON.stringify(outputs.ApiKeyValueCommand.Value)).toContain('--include-value');
  });
});

describe('API Gateway with several tenants', () => {
  const synthesized = synth({ tenants: 'acme,globex', tenantRateLimit: '3', tenantBurstLimit: '6' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  it('when tenants are listed, then each gets its own key in its own usage plan with the tenant limits, and the API maps each key id to its tenant', () => {
    const keys = template.findResources('AWS::ApiGateway::ApiKey');
    expect(Object.keys(keys)).toHaveLength(2);
    const keyOf = (tenant: string) =>
      Object.keys(keys).find((id) => keys[id].Properties.Description === `Tenant ${tenant} of image-detection`)!;
    const plans = template.findResources('AWS::ApiGateway::UsagePlan');
    const planOf = (tenant: string) =>
      Object.keys(plans).find((id) => plans[id].Properties.UsagePlanName === `image-detection-${tenant}`)!;
    for (const tenant of ['acme', 'globex']) {
      expect(plans[planOf(tenant)].Properties.Throttle).toEqual({ RateLimit: 3, BurstLimit: 6 });
      template.hasResourceProperties('AWS::ApiGateway::UsagePlanKey', {
        KeyId: ref(keyOf(tenant)),
        UsagePlanId: ref(planOf(tenant)),
      });
    }
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Handler === 'lambda.handler',
    ) as any;
    expect(fn.Properties.Environment.Variables.API_KEY_TENANTS).toEqual({
      'Fn::Join': ['', [ref(keyOf('acme')), '=acme,', ref(keyOf('globex')), '=globex']],
    });
  });
});
