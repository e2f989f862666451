import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { JOBS_TABLE, LEGACY_USER_INDEX } from '@app/infrastructure';

const { partitionKey, userIndex, ttlAttribute } = JOBS_TABLE;
// Every key attribute of JOBS_TABLE is a string (keyAttributeType 'S'), billed per request.
const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The job store: one item per job, listed per tenant and user newest first through the tenantUser index
 * (@app/infrastructure JOBS_TABLE).
 */
export class JobsTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: { tableName: string }) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: key(partitionKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: ttlAttribute,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Kept for one deploy only (see LEGACY_USER_INDEX): CloudFormation adds or removes one index per update.
    for (const index of [LEGACY_USER_INDEX, userIndex]) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }
  }

  get userIndexArn(): string {
    return `${this.table.tableArn}/index/${userIndex.name}`;
  }
}
