import { SQSClient } from '@aws-sdk/client-sqs';
import { JobQueueOptions } from '../../jobs.options';

/**
 * One SQSClient for both modes: self-hosted it points at the project's queue server (which speaks the same wire
 * protocol), on AWS it resolves the endpoint as the SDK does (AWS_ENDPOINT_URL_SQS, region).
 */
export function createSqsClient(queue: Pick<JobQueueOptions, 'mode' | 'client'>): SQSClient {
  const selfHosted = queue.mode === 'self-hosted';
  return new SQSClient({
    region: queue.client.region,
    endpoint: queue.client.endpoint,
    // Self-hosted, the queue server checks signatures only when it has a key pair (QUEUE_ACCESS_KEY_ID and
    // QUEUE_SECRET_ACCESS_KEY); its clients then sign with the same pair from AWS_ACCESS_KEY_ID and
    // AWS_SECRET_ACCESS_KEY (the SDK's own variables), which `npm start` sets for them. Without it, any placeholder.
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
