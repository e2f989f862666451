import { Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface WebAclProps {
  namePrefix: string;
  stage: apigateway.Stage;
}

/** AWS managed rule groups, in this order; a group's rule listed here only counts instead of blocking. */
export const MANAGED_RULE_GROUPS: ReadonlyArray<{ name: string; countOnly?: string[] }> = [
  { name: 'AWSManagedRulesAmazonIpReputationList' },
  // The core rule set blocks bodies over 8 KB; the API sets its own body limit (413), with its own error shape.
  { name: 'AWSManagedRulesCommonRuleSet', countOnly: ['SizeRestrictions_BODY'] },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet' },
];

/** Optional (context enableWaf=true): a regional WAF web ACL of AWS managed rule groups on the API stage. */
export class WebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const visibility = (metricName: string) => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: `${props.namePrefix}-api`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(`${props.namePrefix}-api`),
      rules: MANAGED_RULE_GROUPS.map((group, priority) => ({
        name: group.name,
        priority,
        overrideAction: { none: {} },
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: group.name,
            ruleActionOverrides: group.countOnly?.map((name) => ({ name, actionToUse: { count: {} } })),
          },
        },
        visibilityConfig: visibility(group.name),
      })),
    });
    const { restApi, stageName } = props.stage;
    const association = new wafv2.CfnWebACLAssociation(this, 'Association', {
      resourceArn: `arn:${Stack.of(this).partition}:apigateway:${Stack.of(this).region}::/restapis/${restApi.restApiId}/stages/${stageName}`,
      webAclArn: this.webAcl.attrArn,
    });
    association.node.addDependency(props.stage);
  }
}
