import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ownLogGroup } from './own-log-group';
import { WebAcl } from './web-acl';

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
  /** A Cognito user pool whose tokens every product route then requires (on top of the API key). */
  cognitoUserPoolArn?: string;
  /** Attach a WAF web ACL of AWS managed rule groups to the stage. */
  enableWaf: boolean;
  /** Route OPTIONS of every product path to the function, which answers preflights for its CORS_ORIGINS. */
  corsPreflight: boolean;
}

export interface ApiRoute {
  method: string;
  path: string;
  apiKeyRequired: boolean;
  /** A Cognito user pool authorizer guards the route when the stack is given one. */
  userPoolAuthorizer: boolean;
  /** Why the route is safe without an API Gateway authorizer (the stack is given no user pool by default). */
  withoutAuthorizer: string;
  /** POST routes take a JSON object; GET routes declare their parameters. */
  jsonBody: boolean;
  parameters?: Record<string, boolean>;
}

const PREFLIGHT =
  'A CORS preflight carries no credentials by definition (the browser sends no API key or token with OPTIONS), so ' +
  'no authorizer can pass it; the function answers it with the Access-Control-* headers of CORS_ORIGINS only, ' +
  'reads or changes no data, and the stage throttle limits it.';

const TRUSTED_BACKENDS =
  "Without a user pool, callers are tenants' trusted backends: each API key belongs to one tenant (its own usage " +
  "plan throttles it), and the Lambda authorizes every request against that tenant (another tenant's job reads as " +
  '404, listings hold only its own jobs; apps/api/src/http/caller-identity.ts). API keys are bearer secrets for ' +
  'server-to-server use only: a browser or mobile client must sign in through Cognito (context cognitoUserPoolArn), ' +
  'which attaches a Cognito authorizer to this route.';

/** Method and path of every product route; all but the health check need an API key. */
export const API_ROUTES: ReadonlyArray<ApiRoute> = [
  ...(
    [
      ['POST', '/uploads/presign', true],
      ['POST', '/uploads/presign-post', true],
      ['POST', '/process', true],
      [
        'GET',
        '/jobs',
        false,
        {
          'method.request.querystring.userId': false,
          'method.request.querystring.limit': false,
          'method.request.querystring.cursor': false,
        },
      ],
      ['GET', '/jobs/{jobId}', false, { 'method.request.path.jobId': true }],
      ['DELETE', '/jobs/{jobId}', false, { 'method.request.path.jobId': true }],
      ['POST', '/jobs/{jobId}/retry', false, { 'method.request.path.jobId': true }],
      // The models POST /process may name, from the manifests bundled in the Lambda zip.
      ['GET', '/models', false],
    ] as const
  ).map(([method, path, jsonBody, parameters]) => ({
    method,
    path,
    apiKeyRequired: true,
    userPoolAuthorizer: true,
    withoutAuthorizer: TRUSTED_BACKENDS,
    jsonBody,
    parameters,
  })),
  {
    method: 'GET',
    path: '/health',
    apiKeyRequired: false,
    userPoolAuthorizer: false,
    withoutAuthorizer:
      'Public on purpose, also with a user pool: load balancers and uptime monitors probe it without credentials. ' +
      'It answers only whether the job store and the queue are up, never job data, and the stage throttle limits it.',
    jsonBody: false,
  },
];

/** The app's error shape, so a body API Gateway refuses reads like one the API refuses itself. */
const BAD_BODY_RESPONSE = JSON.stringify({
  statusCode: 400,
  error: 'Bad Request',
  message: 'Validation failed: body: must be a JSON object',
  errors: [{ field: 'body', rule: 'object', message: 'must be a JSON object' }],
});

/**
 * A REST API with explicit routes (no catch-all proxy), API keys, a throttled usage plan, access and error logs,
 * request validation, and optionally a Cognito authorizer and a WAF web ACL.
 */
export class JobsRestApi extends Construct {
  readonly api: apigateway.RestApi;
  /** Each tenant's API key. */
  readonly tenantKeys: ReadonlyArray<{ tenant: string; key: apigateway.IApiKey }>;
  readonly accessLogGroup: logs.LogGroup;
  readonly webAcl?: WebAcl;

  constructor(scope: Construct, id: string, props: RestApiProps) {
    super(scope, id);
    this.accessLogGroup = ownLogGroup(this, 'AccessLogs', props.logRetentionDays);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: `${props.namePrefix}-api`,
      description: 'Image detection: presigned uploads, job submission and job status',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      // The account-level CloudWatch role is the stack's own (below), without AWS's managed policy.
      cloudWatchRole: false,
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
        // Execution logs of failed requests for every method; never request or response bodies (user data).
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: props.rateLimit,
        throttlingBurstLimit: props.burstLimit,
      },
    });
    // The stack's own ApiUrl output replaces CDK's automatic one, whose name carries a hash.
    this.api.node.tryRemoveChild('Endpoint');
    this.cloudWatchRole();

    const integration = new apigateway.LambdaIntegration(props.handler, { proxy: true, allowTestInvoke: false });
    const validator = this.api.addRequestValidator('Validator', {
      requestValidatorName: 'body-and-parameters',
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // Only the outline: the API validates every field itself, with its own messages naming the field and rule.
    const jsonObject = this.api.addModel('JsonObject', {
      contentType: 'application/json',
      schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, type: apigateway.JsonSchemaType.OBJECT },
    });
    this.api.addGatewayResponse('BadRequestBody', {
      type: apigateway.ResponseType.BAD_REQUEST_BODY,
      statusCode: '400',
      templates: { 'application/json': BAD_BODY_RESPONSE },
    });
    const authorizer = props.cognitoUserPoolArn
      ? new apigateway.CognitoUserPoolsAuthorizer(this, 'UserPoolAuthorizer', {
          cognitoUserPools: [cognito.UserPool.fromUserPoolArn(this, 'UserPool', props.cognitoUserPoolArn)],
        })
      : undefined;

    for (const route of API_ROUTES) {
      const routeAuthorizer = route.userPoolAuthorizer ? authorizer : undefined;
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        apiKeyRequired: route.apiKeyRequired,
        ...(routeAuthorizer && {
          authorizer: routeAuthorizer,
          authorizationType: apigateway.AuthorizationType.COGNITO,
        }),
        ...(route.jsonBody || route.parameters ? { requestValidator: validator } : {}),
        ...(route.jsonBody && { requestModels: { 'application/json': jsonObject } }),
        ...(route.parameters && { requestParameters: route.parameters }),
      });
      if (!routeAuthorizer) {
        NagSuppressions.addResourceSuppressions(method, [
          { id: 'AwsSolutions-APIG4', reason: route.withoutAuthorizer },
          { id: 'AwsSolutions-COG4', reason: route.withoutAuthorizer },
        ]);
      }
    }

    if (props.corsPreflight) this.addPreflightRoutes(integration);
    this.executionLogGroup(props);

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
    if (props.enableWaf) {
      this.webAcl = new WebAcl(this, 'WebAcl', { namePrefix: props.namePrefix, stage: this.api.deploymentStage });
    } else {
      NagSuppressions.addResourceSuppressions(this.api.deploymentStage, [
        {
          id: 'AwsSolutions-APIG3',
          reason:
            'A WAF web ACL costs at least 5 USD a month plus per request, so it is opt-in (context enableWaf=true ' +
            'attaches AWS managed rule groups); without it the stage and usage-plan throttles bound abuse.',
        },
      ]);
    }
  }

  /**
   * One OPTIONS method per product path, proxied to the function: its @fastify/cors answers with the configured
   * origins, so the gateway and the self-hosted API grant exactly the same thing.
   */
  private addPreflightRoutes(integration: apigateway.Integration): void {
    const paths = new Set(API_ROUTES.filter((route) => route.apiKeyRequired).map((route) => route.path));
    for (const path of paths) {
      const method = this.api.root.resourceForPath(path).addMethod('OPTIONS', integration, {
        apiKeyRequired: false,
        authorizationType: apigateway.AuthorizationType.NONE,
      });
      NagSuppressions.addResourceSuppressions(method, [
        { id: 'AwsSolutions-APIG4', reason: PREFLIGHT },
        { id: 'AwsSolutions-COG4', reason: PREFLIGHT },
      ]);
    }
  }

  /**
   * API Gateway creates the execution log group itself on first write, with no retention (kept forever). Made here
   * under the name it uses, so it has the stack's retention and goes with the stack.
   */
  private executionLogGroup(props: RestApiProps): void {
    const group = new logs.LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.api.restApiId}/${props.stageName}`,
      retention: props.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.api.deploymentStage.node.addDependency(group);
  }

  /**
   * API Gateway writes access and execution logs with one role per account and region (AWS::ApiGateway::Account),
   * shared by every REST API there. An inline policy with exactly the actions API Gateway documents replaces the
   * AWS managed AmazonAPIGatewayPushToCloudWatchLogs, and is limited to this account's log groups in this region.
   * Kept on stack deletion (as CDK's own role is), so other APIs of the account keep logging.
   */
  private cloudWatchRole(): void {
    const role = new iam.Role(this, 'CloudWatchRole', {
      assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
      description: 'API Gateway (account-level): write REST API access and execution logs',
      inlinePolicies: {
        PushToCloudWatchLogs: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'WriteApiGatewayLogs',
              actions: [
                'logs:CreateLogGroup',
                'logs:CreateLogStream',
                'logs:DescribeLogGroups',
                'logs:DescribeLogStreams',
                'logs:PutLogEvents',
                'logs:GetLogEvents',
                'logs:FilterLogEvents',
              ],
              resources: [`arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`],
            }),
          ],
        }),
      },
    });
    role.applyRemovalPolicy(RemovalPolicy.RETAIN);
    NagSuppressions.addResourceSuppressions(role, [
      {
        id: 'AwsSolutions-IAM5',
        appliesTo: ['Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:*'],
        reason:
          'The role is the account-level logging role of API Gateway in this region, used by every REST API there; ' +
          'API Gateway names the execution log groups itself (API-Gateway-Execution-Logs_<api id>/<stage>), so ' +
          "the resource cannot be narrower than this account's log groups in this region.",
      },
    ]);
    const account = new apigateway.CfnAccount(this, 'Account', { cloudWatchRoleArn: role.roleArn });
    account.applyRemovalPolicy(RemovalPolicy.RETAIN);
    account.node.addDependency(this.api.node.defaultChild!);
    this.api.deploymentStage.node.addDependency(account);
  }
}
