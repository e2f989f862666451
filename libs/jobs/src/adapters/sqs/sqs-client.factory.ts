import { SQSClient } from '@aws-sdk/client-sqs';
import { AppConfig } from '@app/config';

/**
 * One SQSClient for both modes: self-hosted it points at the project's queue server (which speaks the same wire
 * protocol), on AWS it resolves the endpoint as the SDK does (AWS_ENDPOINT_URL_SQS, region).
 */
export function createSqsClient(config: AppConfig): SQSClient {
  const selfHosted = config.queue.mode === 'self-hosted';
  return new SQSClient({
    region: config.aws.region,
    endpoint: config.queue.endpoint,
    // Self-hosted, the queue server checks signatures only when it has a key pair (QUEUE_ACCESS_KEY_ID and
    // QUEUE_SECRET_ACCESS_KEY); its clients then sign with the same pair from AWS_ACCESS_KEY_ID and
    // AWS_SECRET_ACCESS_KEY, which `npm start` sets for them. Without it, any placeholder will do.
    ...(selfHosted && { credentials: selfHostedCredentials() }),
    maxAttempts: 5,
  });
}

function selfHostedCredentials(): { accessKeyId: string; secretAccessKey: string } {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = process.env;
  return accessKeyId && secretAccessKey
    ? { accessKeyId, secretAccessKey }
    : { accessKeyId: 'self-hosted', secretAccessKey: 'self-hosted' };
}
