import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ownLogGroup } from './own-log-group';

export interface WorkerNetworkProps {
  flowLogRetentionDays: number;
}

/**
 * Public subnets only: tasks get a public IP and reach SQS, ECR and CloudWatch through the internet
 * gateway, and S3 and DynamoDB through free gateway endpoints, so no NAT gateway (about 33 USD a month
 * each plus data) is needed. Nothing can connect in: the security group has no ingress rule.
 */
export class WorkerNetwork extends Construct {
  readonly vpc: ec2.Vpc;
  readonly securityGroup: ec2.SecurityGroup;
  readonly flowLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkerNetworkProps) {
    super(scope, id);
    this.flowLogGroup = ownLogGroup(this, 'FlowLogs', props.flowLogRetentionDays);
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 0,
      subnetConfiguration: [{ name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 }],
      restrictDefaultSecurityGroup: true,
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
    });
    // Every accepted and rejected connection of the workers' subnets, to investigate what a task talked to.
    this.vpc.addFlowLog('FlowLog', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.flowLogGroup),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    this.securityGroup = new ec2.SecurityGroup(this, 'WorkerSecurityGroup', {
      vpc: this.vpc,
      description: 'Image detection worker: no ingress, HTTPS out to AWS APIs only',
      allowAllOutbound: false,
    });
    this.securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS to AWS APIs');
  }
}
