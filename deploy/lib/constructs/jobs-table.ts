import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** Lists one user's jobs within one tenant: partition `<tenant>#<user>` (libs/jobs jobs-table.ts, by value). */
export const USER_INDEX_NAME = 'tenantUser-createdAt-index';
/**
 * The index of the release before tenants, which the code no longer reads. It stays for now because
 * CloudFormation adds or removes one index per update: an existing stack gains the tenant index in this deploy,
 * and this one can be deleted (remove it here) in the next.
 */
export const LEGACY_USER_INDEX_NAME = 'userId-createdAt-index';
export const TTL_ATTRIBUTE = 'expiresAt';
/** Sparse: only PENDING jobs carry its keys (libs/jobs/src/adapters/dynamodb/jobs-table.ts); the requeue sweep reads it. */
export const PENDING_INDEX_NAME = 'pending-pendingSince-index';

/** The job store: one item per job, listed per tenant and user newest first through the tenantUser index. */
export class JobsTable extends Construct {
  readonly table: dynamodb.Table;

  /** pendingIndex false: leave the sparse pending index out, for a stack that already adds an index in this deploy. */
  constructor(scope: Construct, id: string, props: { tableName: string; pendingIndex?: boolean }) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      tableName: props.tableName,
      partitionKey: { name: 'jobId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: LEGACY_USER_INDEX_NAME,
      partitionKey: { name: 'userId', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: USER_INDEX_NAME,
      partitionKey: { name: 'tenantUser', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    if (props.pendingIndex ?? true) {
      this.table.addGlobalSecondaryIndex({
        indexName: PENDING_INDEX_NAME,
        partitionKey: { name: 'pending', type: dynamodb.AttributeType.STRING },
        sortKey: { name: 'pendingSince', type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.KEYS_ONLY,
      });
    }
  }

  get pendingIndexArn(): string {
    return `${this.table.tableArn}/index/${PENDING_INDEX_NAME}`;
  }

  get userIndexArn(): string {
    return `${this.table.tableArn}/index/${USER_INDEX_NAME}`;
  }
}
