import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AppConfig } from '@app/config';

/**
 * A client on the configured endpoint (DynamoDB, DynamoDB Local, ScyllaDB Alternator, moto). Throttling
 * (ProvisionedThroughputExceeded, ThrottlingException) is retried with the SDK's adaptive backoff.
 */
export function createDynamoDbClient(config: AppConfig): DynamoDBClient {
  return new DynamoDBClient({
    region: config.aws.region,
    endpoint: config.aws.endpoints.dynamodb,
    maxAttempts: 8,
    retryMode: 'adaptive',
    // A stalled connection fails and is retried instead of hanging a request or a job.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000 },
  });
}

export function createDynamoDbDocumentClient(config: AppConfig): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbClient(config), {
    // Optional job fields are simply absent; user metadata may carry integers past 2^53 (stored as given).
    marshallOptions: { removeUndefinedValues: true, allowImpreciseNumbers: true },
  });
}
