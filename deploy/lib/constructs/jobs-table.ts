import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { JOBS_TABLE } from '@app/infrastructure';

const { partitionKey, userIndex, ttlAttribute } = JOBS_TABLE;
// Every key attribute of JOBS_TABLE is a string (keyAttributeType 'S'), billed per request.
const key = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });

/** The job store: one item per job, listed per user newest first through the userId index (@app/infrastructure). */
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
    this.table.addGlobalSecondaryIndex({
      indexName: userIndex.name,
      partitionKey: key(userIndex.partitionKey),
      sortKey: key(userIndex.sortKey),
      projectionType: dynamodb.ProjectionType[userIndex.projection],
    });
  }

  get userIndexArn(): string {
    return `${this.table.tableArn}/index/${userIndex.name}`;
  }
}
