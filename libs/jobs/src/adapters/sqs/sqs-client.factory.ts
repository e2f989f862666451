import { SQSClient } from '@aws-sdk/client-sqs';
import { JobQueueOptions } from '../../jobs.options';

/**
 * One SQSClient for both modes: self-hosted it points at the project's queue server (which speaks the same wire
 * protocol), on AWS it resolves the endpoint as the SDK does (AWS_ENDPOINT_URL_SQS, region).
 */
export function createSqsClient(queue: Pick<JobQueueOptions, 'client'>): SQSClient {
  return new SQSClient({
    region: queue.client.region,
    endpoint: queue.client.endpoint,
    // Self-hosted the configuration gives the key pair the queue server checks (or a placeholder): see AppConfig.
    credentials: queue.client.credentials,
    maxAttempts: 5,
    // A connection that never opens, or a keep-alive socket that went silent (a NAT or load balancer dropped it),
    // fails and is retried instead of hanging its call for the kernel's TCP timeout. The inactivity limit stays
    // above the consumers' 20 s long polls, which are idle sockets on purpose.
    requestHandler: { connectionTimeout: 3_000, socketTimeout: 30_000 },
  });
}
