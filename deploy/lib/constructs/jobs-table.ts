import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { JOBS_TABLE, LEGACY_USER_INDEX } from '@app/infrastructure';

const { partitionKey, userIndex, pendingIndex, ttlAttribute } = JOBS_TABLE;
// Every key attribute of JOBS_TABLE is a string (keyAttributeType 'S'), billed per request.
const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

/**
 * The job store: one item per job, listed per tenant and user newest first through the tenantUser index
 * (@app/infrastructure JOBS_TABLE).
 */
export class JobsTable extends Construct {
  readonly table: dynamodb.Table;

  /** pendingIndex false: leave the sparse pending index out, for a stack that already adds an index in this deploy. */
  constructor(scope: Construct, id: string, props: { tableName: string; pendingIndex?: boolean }) {
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
    // The pending index can be left out (context pendingIndex=false) for a pre-tenant stack's first deploy.
    const indexes = [LEGACY_USER_INDEX, userIndex, ...((props.pendingIndex ?? true) ? [pendingIndex] : [])];
    for (const index of indexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: key(index.partitionKey),
        sortKey: key(index.sortKey),
        projectionType: dynamodb.ProjectionType[index.projection],
      });
    }
  }

  get pendingIndexArn(): string {
    return `${this.table.tableArn}/index/${pendingIndex.name}`;
  }

  get userIndexArn(): string {
    return `${this.table.tableArn}/index/${userIndex.name}`;
  }
}
