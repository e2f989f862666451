import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface AuditTrailProps {
  namePrefix: string;
  bucket: s3.IBucket;
  table: dynamodb.ITable;
  /** Where S3 delivers the server access logs of the trail's bucket. */
  accessLogsBucket: s3.IBucket;
}

/**
 * Optional (context enableCloudTrail=true): records who read or wrote which object and job item.
 * Data events only; the account's management events are usually recorded by an existing trail.
 */
export class AuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly logBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    this.logBucket = new s3.Bucket(this, 'TrailBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'audit-trail-bucket/',
      lifecycleRules: [{ id: 'expire-audit-logs', expiration: Duration.days(365) }],
    });
    this.trail = new cloudtrail.Trail(this, 'Trail', {
      trailName: `${props.namePrefix}-data-events`,
      bucket: this.logBucket,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      enableFileValidation: true,
    });
    this.trail.addS3EventSelector([{ bucket: props.bucket }], {
      includeManagementEvents: false,
      readWriteType: cloudtrail.ReadWriteType.ALL,
    });
    // DataResourceType has no DynamoDB member, but CloudTrail's basic selectors accept AWS::DynamoDB::Table.
    this.trail.addEventSelector('AWS::DynamoDB::Table' as cloudtrail.DataResourceType, [props.table.tableArn], {
      includeManagementEvents: false,
      readWriteType: cloudtrail.ReadWriteType.ALL,
    });
  }
}
