import { Annotations, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { JobResourceArns } from '../policies/resource-arns';
import { apiPolicyStatements } from '../policies/api-policy';
import { suppressObjectPrefixWildcards } from '../policies/object-prefix-wildcards';
import { chooseLambdaCode, LAMBDA_HANDLER } from './lambda-code';
import { ownLogGroup } from './own-log-group';

export interface ApiFunctionProps {
  repoRoot: string;
  lambdaZipPath: string;
  requireLambdaZip: boolean;
  environment: Record<string, string>;
  arns: JobResourceArns;
  logRetentionDays: number;
}

/** The Nest API packaged for Lambda, with a role that holds only its own statements and its log group. */
export class ApiFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);
    this.logGroup = ownLogGroup(this, 'LogGroup', props.logRetentionDays);
    // An explicit role instead of the default one: AWSLambdaBasicExecutionRole would allow writing to any log group.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Image detection API: presign uploads, submit and read jobs',
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    for (const statement of apiPolicyStatements(props.arns)) this.role.addToPolicy(statement);
    suppressObjectPrefixWildcards(this.role);

    const code = chooseLambdaCode(props.repoRoot, props.lambdaZipPath, props.requireLambdaZip);
    this.function = new lambda.Function(this, 'Function', {
      // The newest Node.js runtime aws-cdk-lib offers; the bundle targets Node 20 syntax, which it runs unchanged.
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.X86_64,
      handler: LAMBDA_HANDLER,
      code: code.code,
      // CPU share follows memory (1769 MB = 1 vCPU); 1024 MB keeps cold starts short for little money.
      memorySize: 1024,
      // API Gateway REST integrations give up after 29 s; running longer would only waste money.
      timeout: Duration.seconds(29),
      role: this.role,
      logGroup: this.logGroup,
      environment: props.environment,
      description: code.usesPlaceholder
        ? 'PLACEHOLDER: run npm run package:lambda and redeploy'
        : 'Image detection API',
    });
    if (code.usesPlaceholder) {
      Annotations.of(this).addWarningV2(
        'image-detection:lambda-placeholder',
        `No Lambda bundle at ${props.lambdaZipPath}: the API function uses a placeholder that answers 503. Run npm run package:lambda before deploying.`,
      );
    }
  }
}
