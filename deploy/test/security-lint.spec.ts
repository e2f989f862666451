import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { synth } from './support/synth';

/** Every AwsSolutions finding left unsuppressed, as "<construct path> <rule>: <message>". */
function findings(context: Record<string, unknown>): string[] {
  const synthesized = synth(context, { aspects: [new AwsSolutionsChecks()] });
  try {
    const annotations = Annotations.fromStack(synthesized.stack);
    const rule = Match.stringLikeRegexp('AwsSolutions-');
    return [...annotations.findError('*', rule), ...annotations.findWarning('*', rule)].map(
      (message) => `${message.id} ${String(message.entry.data).split(': ')[0]}`,
    );
  } finally {
    synthesized.cleanup();
  }
}

/** Every suppression in the template's cdk_nag metadata, with its reason. */
function suppressions(context: Record<string, unknown>): Array<{ id: string; reason: string }> {
  const synthesized = synth(context, { aspects: [new AwsSolutionsChecks()] });
  try {
    return Object.values(synthesized.template.toJSON().Resources as Record<string, any>).flatMap(
      (resource) => resource.Metadata?.cdk_nag?.rules_to_suppress ?? [],
    );
  } finally {
    synthesized.cleanup();
  }
}

describe("cdk-nag's AwsSolutions checks on the CDK app", () => {
  it('when synthesized with the defaults, then no finding is left: each is fixed or suppressed with a reason', () => {
    expect(findings({})).toEqual([]);
  });

  it('when synthesized with every option on (CloudTrail, alarm e-mail, WAF, Cognito, several tenants, browser CORS), then no finding is left either', () => {
    expect(
      findings({
        enableCloudTrail: true,
        alarmEmail: 'ops@example.com',
        enableWaf: true,
        cognitoUserPoolArn: 'arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_AbCdEf123',
        bucketName: 'my-uploads',
        tenants: 'default,acme,globex',
        apiCorsOrigins: 'https://app.example.com',
      }),
    ).toEqual([]);
  });

  it('when synthesized, then every suppression says why, and only the rules decided on are suppressed', () => {
    const found = suppressions({});
    for (const { reason } of found) expect(reason.length).toBeGreaterThan(60);
    expect([...new Set(found.map(({ id }) => id))].sort()).toEqual([
      'AwsSolutions-APIG3',
      'AwsSolutions-APIG4',
      'AwsSolutions-COG4',
      'AwsSolutions-ECS2',
      'AwsSolutions-IAM5',
      'AwsSolutions-S1',
      'AwsSolutions-SMG4',
    ]);
  });
});
