import { Match } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { getAtt, logicalIdOf, ref, synth, isUploadsBucket } from './support/synth';

describe('API Lambda and API Gateway', () => {
  const synthesized = synth({ apiRateLimit: '25', apiBurstLimit: '50', apiQuotaPerDay: '5000', apiStageName: 'v1' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());
  const functionId = logicalIdOf(template, 'AWS::Lambda::Function', (p) => p.Handler === 'lambda.handler');
  const fn = template.findResources('AWS::Lambda::Function')[functionId];
  const apiId = logicalIdOf(template, 'AWS::ApiGateway::RestApi');

  it('when synthesized, then the API runs on Node 24 (the newest runtime aws-cdk-lib offers) with handler lambda.handler, 1024 MB and 29 s', () => {
    expect(fn.Properties).toMatchObject({
      Runtime: 'nodejs24.x',
      Handler: 'lambda.handler',
      MemorySize: 1024,
      Timeout: 29,
    });
  });

  it('when synthesized, then the function gets exactly the variables the API reads, pointing at the stack resources', () => {
    const bucketId = logicalIdOf(template, 'AWS::S3::Bucket', isUploadsBucket);
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
      MIN_CONFIDENCE: '0.5',
      UPLOAD_URL_EXPIRES_SECONDS: '900',
      MAX_IMAGES_PER_JOB: '50',
      API_DOCS: 'false',
      RATE_LIMIT_PER_MINUTE: '0',
      TRUST_PROXY: 'true',
      API_KEY_TENANTS: { 'Fn::Join': ['', [ref(logicalIdOf(template, 'AWS::ApiGateway::ApiKey')), '=default']] },
      WEBHOOK_SECRET_ARN: ref(logicalIdOf(template, 'AWS::SecretsManager::Secret')),
    });
  });

  it('when synthesized, then the function logs to its own log group with the configured retention', () => {
    const logGroupId = fn.Properties.LoggingConfig.LogGroup.Ref;
    expect(template.findResources('AWS::Logs::LogGroup')[logGroupId].Properties.RetentionInDays).toBe(30);
  });

  it('when synthesized, then exactly the product routes and /health exist, each a Lambda proxy, and only /health needs no API key', () => {
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
      { route: 'DELETE /jobs/{jobId}', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'GET /health', apiKeyRequired: false, integration: 'AWS_PROXY true' },
      { route: 'GET /jobs', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'GET /jobs/{jobId}', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'GET /jobs/{jobId}/images/{index}/annotated', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'GET /models', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'GET /webhooks/secret', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /jobs/{jobId}/retry', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /process', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /uploads/presign', apiKeyRequired: true, integration: 'AWS_PROXY true' },
      { route: 'POST /uploads/presign-post', apiKeyRequired: true, integration: 'AWS_PROXY true' },
    ]);
  });

  it('when synthesized, then API Gateway may invoke the function only from this API, once per route', () => {
    const permissions = Object.values(template.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(11);
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

  it('when synthesized, then the stage writes JSON access logs to its own log group, error logs without bodies, and throttles all methods', () => {
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
        LoggingLevel: 'ERROR',
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

  it("when synthesized, then that role holds no managed policy but an inline one limited to this account's log groups in this region, and is kept on deletion", () => {
    const roleId = logicalIdOf(template, 'AWS::IAM::Role', (p) =>
      JSON.stringify(p.AssumeRolePolicyDocument).includes('apigateway.amazonaws.com'),
    );
    const role = template.findResources('AWS::IAM::Role')[roleId];
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(role.Properties.Policies).toEqual([
      {
        PolicyName: 'PushToCloudWatchLogs',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'WriteApiGatewayLogs',
              Effect: 'Allow',
              Action: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:DescribeLogGroups',
                'logs:DescribeLogStreams',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
              ],
              Resource: {
                'Fn::Join': [
                  '',
                  [
                    'arn:',
                    ref('AWS::Partition'),
                    ':logs:',
                    ref('AWS::Region'),
                    ':',
                    ref('AWS::AccountId'),
                    ':log-group:*',
                  ],
                ],
              },
            },
          ],
        },
      },
    ]);
  });

  it('when synthesized, then POST bodies must be JSON objects and GET parameters are declared, validated by API Gateway, and a refused body gets the API error shape', () => {
    const validatorId = logicalIdOf(template, 'AWS::ApiGateway::RequestValidator');
    expect(template.findResources('AWS::ApiGateway::RequestValidator')[validatorId].Properties).toMatchObject({
      ValidateRequestBody: true,
      ValidateRequestParameters: true,
    });
    const modelId = logicalIdOf(template, 'AWS::ApiGateway::Model');
    expect(template.findResources('AWS::ApiGateway::Model')[modelId].Properties).toMatchObject({
      ContentType: 'application/json',
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' },
    });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties);
    // Every POST that takes a body (POST /jobs/{jobId}/retry takes none: only its path parameter).
    for (const method of methods.filter((m) => m.HttpMethod === 'POST' && !m.RequestParameters)) {
      expect(method.RequestValidatorId).toEqual(ref(validatorId));
      expect(method.RequestModels).toEqual({ 'application/json': ref(modelId) });
    }
    const withJobId = methods.filter((m) => m.RequestParameters?.['method.request.path.jobId']);
    for (const method of withJobId) expect(method.RequestParameters['method.request.path.jobId']).toBe(true);
    expect(withJobId.map((m) => m.RequestParameters)).toContainEqual({
      'method.request.path.jobId': true,
      'method.request.querystring.format': false,
    });
    expect(withJobId.map((m) => m.RequestParameters)).toContainEqual({
      'method.request.path.jobId': true,
      'method.request.path.index': true,
    });
    const response = Object.values(template.findResources('AWS::ApiGateway::GatewayResponse'))[0].Properties;
    expect(response.ResponseType).toBe('BAD_REQUEST_BODY');
    expect(JSON.parse(response.ResponseTemplates['application/json'])).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      errors: [{ field: 'body', rule: 'object', message: 'must be a JSON object' }],
    });
  });

  it('when no user pool and no WAF are configured, then no route has an authorizer and no web ACL exists', () => {
    for (const method of Object.values(template.findResources('AWS::ApiGateway::Method'))) {
      expect(method.Properties.AuthorizationType).toBe('NONE');
    }
    template.resourceCountIs('AWS::WAFv2::WebACL', 0);
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
      'WebhookDeadLetterQueueUrl',
      'WebhookQueueUrl',
      'WebhookSigningSecretArn',
      'WorkerClusterName',
      'WorkerLogGroup',
    ]);
    expect(JSON.stringify(outputs.ApiUrl.Value)).toContain('execute-api');
    expect(JSON.stringify(outputs.ApiKeyValueCommand.Value)).toContain('--include-value');
  });
});

describe('API Gateway options: a Cognito user pool and a WAF web ACL', () => {
  const userPoolArn = 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123';
  const synthesized = synth({ cognitoUserPoolArn: userPoolArn, enableWaf: true, apiStageName: 'v1' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  it('when a user pool is given, then every product route needs its token (and still the API key), and /health stays public', () => {
    const authorizerId = logicalIdOf(template, 'AWS::ApiGateway::Authorizer');
    expect(template.findResources('AWS::ApiGateway::Authorizer')[authorizerId].Properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [userPoolArn],
    });
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties);
    expect(methods).toHaveLength(11);
    const resources = template.findResources('AWS::ApiGateway::Resource');
    for (const method of methods) {
      const isHealth = resources[method.ResourceId?.Ref]?.Properties.PathPart === 'health';
      expect(method.AuthorizationType).toBe(isHealth ? 'NONE' : 'COGNITO_USER_POOLS');
      expect(method.ApiKeyRequired).toBe(!isHealth);
      if (!isHealth) expect(method.AuthorizerId).toEqual(ref(authorizerId));
    }
  });

  it('when enableWaf is set, then a regional web ACL of AWS managed rule groups guards the stage, counting (not blocking) bodies over 8 KB', () => {
    const acl = Object.values(template.findResources('AWS::WAFv2::WebACL'))[0].Properties;
    expect(acl.Scope).toBe('REGIONAL');
    expect(acl.DefaultAction).toEqual({ Allow: {} });
    expect(acl.Rules.map((rule: any) => rule.Statement.ManagedRuleGroupStatement.Name)).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
    ]);
    expect(acl.Rules[1].Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
    ]);
    const association = Object.values(template.findResources('AWS::WAFv2::WebACLAssociation'))[0].Properties;
    const apiId = logicalIdOf(template, 'AWS::ApiGateway::RestApi');
    const stageId = logicalIdOf(template, 'AWS::ApiGateway::Stage');
    expect(JSON.stringify(association.ResourceArn)).toContain(
      `/restapis/",{"Ref":"${apiId}"},"/stages/",{"Ref":"${stageId}"}`,
    );
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

describe('API Gateway for browsers (apiCorsOrigins)', () => {
  const synthesized = synth({ apiCorsOrigins: 'https://app.example.com,https://admin.example.com' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  it('when apiCorsOrigins is set, then the function gets them as CORS_ORIGINS', () => {
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Handler === 'lambda.handler',
    ) as any;
    expect(fn.Properties.Environment.Variables.CORS_ORIGINS).toBe('https://app.example.com,https://admin.example.com');
  });

  it('when apiCorsOrigins is set, then every path with a keyed route also takes OPTIONS without a key or authorizer, proxied to the function', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties);
    const preflights = methods.filter((m) => m.HttpMethod === 'OPTIONS');
    // /uploads/presign, /uploads/presign-post, /process, /jobs, /jobs/{jobId}, /jobs/{jobId}/retry,
    // /jobs/{jobId}/images/{index}/annotated, /models, /webhooks/secret
    expect(preflights).toHaveLength(9);
    for (const preflight of preflights) {
      expect(preflight).toMatchObject({ ApiKeyRequired: false, AuthorizationType: 'NONE' });
      expect(preflight.Integration.Type).toBe('AWS_PROXY');
    }
  });
});

describe('API Gateway without apiCorsOrigins (the default)', () => {
  const synthesized = synth({ logRetentionDays: '14', apiStageName: 'v2' });
  const { template } = synthesized;
  afterAll(() => synthesized.cleanup());

  it('when synthesized, then no OPTIONS route exists and the function has no CORS_ORIGINS', () => {
    const methods = Object.values(template.findResources('AWS::ApiGateway::Method')).map((m) => m.Properties);
    expect(methods.filter((m) => m.HttpMethod === 'OPTIONS')).toEqual([]);
    const fn = Object.values(template.findResources('AWS::Lambda::Function')).find(
      (f: any) => f.Properties.Handler === 'lambda.handler',
    ) as any;
    expect(fn.Properties.Environment.Variables.CORS_ORIGINS).toBeUndefined();
  });

  it("when synthesized, then the stage's execution log group exists under API Gateway's own name with the stack's retention, before the stage", () => {
    const apiId = logicalIdOf(template, 'AWS::ApiGateway::RestApi');
    const groups = template.findResources('AWS::Logs::LogGroup');
    const groupId = Object.keys(groups).find((id) =>
      JSON.stringify(groups[id].Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'),
    )!;
    expect(groups[groupId].Properties).toMatchObject({
      LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', ref(apiId), '/v2']] },
      RetentionInDays: 14,
    });
    expect(groups[groupId].DeletionPolicy).toBe('Delete');
    const stage = Object.values(template.findResources('AWS::ApiGateway::Stage'))[0] as any;
    expect(stage.DependsOn).toContain(groupId);
  });
});
