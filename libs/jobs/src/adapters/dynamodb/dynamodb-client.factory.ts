import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AwsClientOptions } from '../../jobs.options';

/**
 * A client on the configured endpoint (DynamoDB, DynamoDB Local, ScyllaDB Alternator, moto). Throttling
 * (ProvisionedThroughputExceeded, ThrottlingException) is retried with the SDK's adaptive backoff.
 */
export function createDynamoDbClient(options: AwsClientOptions): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    endpoint: options.endpoint,
    maxAttempts: 8,
    retryMode: 'adaptive',
    // A stalled connection fails and is retried instead of hanging a request or a job. Without
    // throwOnRequestTimeout, @smithy/node-http-handler 4.x only logs a warning when requestTimeout passes.
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
  });
}

export function createDynamoDbDocumentClient(options: AwsClientOptions): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbClient(options), {
    // Optional job fields are simply absent; user metadata may carry integers past 2^53 (stored as given).
    marshallOptions: { removeUndefinedValues: true, allowImpreciseNumbers: true },
  });
}
