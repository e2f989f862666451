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
    // The self-hosted server does not check signatures; the SDK still needs something to sign with.
    ...(selfHosted && { credentials: { accessKeyId: 'self-hosted', secretAccessKey: 'self-hosted' } }),
    maxAttempts: 5,
  });
}
