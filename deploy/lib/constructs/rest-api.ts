import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ownLogGroup } from './own-log-group';

export interface RestApiProps {
  namePrefix: string;
  handler: lambda.IFunction;
  stageName: string;
  rateLimit: number;
  burstLimit: number;
  quotaPerDay: number;
  /** One key and one usage plan each. */
  tenants: string[];
  tenantRateLimit: number;
  tenantBurstLimit: number;
  logRetentionDays: number;
}

/** Method and path of every product route; all but the health check need an API key. */
export const API_ROUTES: ReadonlyArray<{ method: string; path: string; apiKeyRequired: boolean }> = [
  { method: 'POST', path: '/uploads/presign', apiKeyRequired: true },
  { method: 'POST', path: '/uploads/presign-post', apiKeyRequired: true },
  { method: 'POST', path: '/process', apiKeyRequired: true },
  { method: 'GET', path: '/jobs', apiKeyRequired: true },
  { method: 'GET', path: '/jobs/{jobId}', apiKeyRequired: true },
  { method: 'GET', path: '/health', apiKeyRequired: false },
];

/** A REST API with explicit routes (no catch-all proxy), API keys, a throttled usage plan and access logs. */
export class JobsRestApi extends Construct {
  readonly api: apigateway.RestApi;
  /** Each tenant's API key. */
  readonly tenantKeys: ReadonlyArray<{ tenant: string; key: apigateway.IApiKey }>;
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    this.accessLogGroup = ownLogGroup(this, 'AccessLogs', props.logRetentionDays);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `${props.namePrefix}-api`,
      description: 'Image detection: presigned uploads, job submission and job status',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // Access logs need the account-level CloudWatch role that API Gateway writes logs with.
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new apigateway.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields({
          caller: true,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: true,
        }),
        metricsEnabled: true,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
      },
    });
    // The stack's own ApiUrl output replaces CDK's automatic one, whose name carries a hash.
    this.api.node.tryRemoveChild('Endpoint');
    const integration = new apigateway.LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false });
    for (const route of API_ROUTES) {
      this.api.root
        .resourceForPath(route.path)
        .addMethod(route.method, integration, { apiKeyRequired: route.apiKeyRequired });
    }

    this.tenantKeys = props.tenants.map((tenant) => {
      // Not api.addApiKey: a key tied to the stage would depend on the Lambda, whose API_KEY_TENANTS names the key.
      // The stage comes in through the usage plan instead. The default tenant keeps the id of the key the stack
      // created before tenants, so an upgrade keeps that key's value.
      const key = new apigateway.ApiKey(this, tenant === 'default' ? 'DefaultKey' : `TenantKey-${tenant}`, {
        description: `Tenant ${tenant} of ${props.namePrefix}`,
      });
      const plan = this.api.addUsagePlan(`UsagePlan-${tenant}`, {
        name: `${props.namePrefix}-${tenant}`,
        description: `Tenant ${tenant}: below the stage limits, so one tenant cannot use up the API`,
        throttle: { rateLimit: props.tenantRateLimit, burstLimit: props.tenantBurstLimit },
        quota: props.quotaPerDay > 0 ? { limit: props.quotaPerDay, period: apigateway.Period.DAY } : undefined,
        apiStages: [{ api: this.api, stage: this.api.deploymentStage }],
      });
      plan.addApiKey(key);
      return { tenant, key };
    });
  }
}
